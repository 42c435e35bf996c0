using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NasArena.Platform.Configuration;

public static class OptionsSetup
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from its section, validated when the host starts (and on first use, whichever
    /// comes first). The bound value is also registered as a plain singleton: services take <c>T</c>, not <c>IOptions&lt;T&gt;</c>.
    /// </summary>
    public static IServiceCollection AddOptionsSection<T>(this IServiceCollection services) where T : class, IOptionsSection
    {
        services.AddOptions<T>().BindConfiguration(T.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>, SectionValidator<T>>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services;
    }

    /// <summary>Validates now every section registered with ValidateOnStart: for the steps that run before a host starts (migrate, seed).</summary>
    public static void ValidateOptions(this IServiceProvider services) => services.GetRequiredService<IStartupValidator>().Validate();

    /// <summary>
    /// Tells whoever deploys which settings to change, without a stack trace (a deployment error, not a crash), and
    /// returns the exit code for it: 2. Web and worker stop through here.
    /// </summary>
    public static int Refuse(string process, IReadOnlyList<string> failures)
    {
        Console.Error.WriteLine($"{process} did not start: the configuration is wrong.");
        foreach (var failure in failures)
        {
            Console.Error.WriteLine($"  {failure}");
        }
        Console.Error.WriteLine("(Settings come from appsettings.json, environment variables such as Database__Provider, or --Database:Provider=... arguments.)");
        return 2;
    }

    /// <summary>
    /// The faults of a failed validation, one sentence each, or null when the exception is something else. One faulty
    /// section gives an OptionsValidationException, several an AggregateException of them.
    /// </summary>
    public static IReadOnlyList<string>? Failures(Exception exception) => exception switch
    {
        OptionsValidationException e => e.Failures.ToList(),
        AggregateException { InnerExceptions: var all } when all.All(e => e is OptionsValidationException) =>
            all.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList(),
        _ => null,
    };

    private sealed class SectionValidator<T> : IValidateOptions<T> where T : class, IOptionsSection
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
