using System.Reflection;
using System.Runtime.Loader;

namespace NasArena.Testing;

/// <summary>
/// Every test class says what it needs with one <c>[Trait("Category", ...)]</c>: Unit (no server, no browser: the fast
/// suite, <c>scripts/test.sh --fast</c>), Integration (PostgreSQL + S3, or hosts of the app), Browser (Chromium journeys)
/// or Deploy (images, manifests, a fresh clone). This reads the built test assemblies by reflection (ADR 0053).
/// </summary>
public static class TestCategories
{
    public static readonly IReadOnlyList<string> Known = ["Unit", "Integration", "Browser", "Deploy"];

    /// <summary>Every test project's assembly under tests/, in the configuration the running tests were built in.</summary>
    public static IReadOnlyList<string> TestAssemblies()
    {
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory);
        var (configuration, tfm) = (tfmDir.Parent!.Name, tfmDir.Name); // .../bin/<Configuration>/<tfm>/
        return Directory.GetFiles(Repo.PathTo("tests"), "*.Tests.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Path.Combine(Path.GetDirectoryName(p)!, "bin", configuration, tfm, Path.GetFileNameWithoutExtension(p) + ".dll"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>What is wrong in one test assembly, read in a context of its own (its dependencies from its own folder).</summary>
    public static IReadOnlyList<string> OffencesIn(string assemblyPath)
    {
        if (!File.Exists(assemblyPath))
        {
            return [$"{assemblyPath} is missing: build the solution first (scripts/test.sh does)."];
        }
        var resolver = new AssemblyDependencyResolver(assemblyPath);
        var context = new AssemblyLoadContext("categories " + Path.GetFileName(assemblyPath), isCollectible: true);
        context.Resolving += (ctx, name) => resolver.ResolveAssemblyToPath(name) is { } path ? ctx.LoadFromAssemblyPath(path) : null;
        try
        {
            Type[] types;
            try
            {
                // xunit discovers exported (public) classes only.
                types = context.LoadFromAssemblyPath(assemblyPath).GetExportedTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                return [$"{Path.GetFileName(assemblyPath)}: types that could not be read: {string.Join("; ", e.LoaderExceptions.Select(x => x?.Message))}"];
            }
            return Offences(types).Select(o => $"{Path.GetFileName(assemblyPath)}: {o}").ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Each concrete class with a test (its own or inherited) that does not declare exactly one known category.
    /// Declared on the class itself, as xunit reads class traits: a base class's trait does not count.</summary>
    public static IReadOnlyList<string> Offences(IEnumerable<Type> types)
    {
        var offences = new List<string>();
        foreach (var type in types.Where(t => t.IsClass && !t.IsAbstract && HasTests(t)))
        {
            var categories = type.GetCustomAttributesData()
                .Where(a => a.AttributeType.FullName == "Xunit.TraitAttribute" && a.ConstructorArguments.Count == 2
                    && (string?)a.ConstructorArguments[0].Value == "Category")
                .Select(a => (string?)a.ConstructorArguments[1].Value)
                .ToList();
            if (categories.Count != 1 || !Known.Contains(categories[0]))
            {
                var found = categories.Count == 0 ? "none" : string.Join(", ", categories);
                offences.Add($"{type.FullName} has category {found}; expected exactly one [Trait(\"Category\", X)] with X one of {string.Join(", ", Known)}.");
            }
        }
        return offences;
    }

    private static bool HasTests(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Any(m => m.GetCustomAttributesData().Any(a => IsFact(a.AttributeType)));

    private static bool IsFact(Type? attribute)
    {
        for (; attribute is not null; attribute = attribute.BaseType)
        {
            if (attribute.FullName == "Xunit.FactAttribute")
            {
                return true;
            }
        }
        return false;
    }
}
