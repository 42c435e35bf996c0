using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Kubernetes;

/// <summary>
/// The images' Dockerfiles, read (no Docker engine here to build them): pinned bases, a numeric non-root user (the one the
/// manifests run as), the right project in each, and what the worker's start check asks for installed in the worker.
/// </summary>
[Trait("Category", "Deploy")]
public sealed partial class ImageTests
{
    private static readonly string[] Files = ["Dockerfile.web", "Dockerfile.worker"];

    [Fact]
    public void EveryBaseImageIsPinnedToAPatchRelease()
    {
        foreach (var image in Files.Select(Dockerfiles.Read).SelectMany(d => d.BaseImages))
        {
            Assert.True(Pinned().IsMatch(image), $"{image} is not pinned to a version x.y.z or a digest");
        }
    }

    [Fact]
    public void EveryImageRunsAsTheNumericNonRootUserTheManifestsExpect()
    {
        var runAs = RenderedManifests.Int(RenderedManifests.PodSpec(RenderedManifests.Render("production").Get("Deployment", "nasarena-web"))["securityContext"]!["runAsUser"]);
        foreach (var file in Files.Select(Dockerfiles.Read))
        {
            Assert.True(file.User is not null, $"{file.Name}: its final stage sets no USER (it would run as root)");
            var uid = file.User!.Split(':')[0];
            Assert.True(int.TryParse(uid, out var n) && n != 0, $"{file.Name}: USER {file.User} is not a numeric non-root uid (runAsNonRoot cannot verify a name)");
            Assert.Equal(runAs, n);
        }
    }

    [Fact]
    public void TheWebImagePublishesTheWebProjectOnlyAndTheWorkerImageTheWorker()
    {
        var web = Dockerfiles.Read("Dockerfile.web");
        var worker = Dockerfiles.Read("Dockerfile.worker");
        Assert.Contains(web.Lines, l => l.Instruction == "RUN" && l.Arguments.StartsWith("dotnet publish src/NasArena.Web ", StringComparison.Ordinal));
        Assert.DoesNotContain(web.Lines, l => l.Arguments.Contains("NasArena.Worker") || l.Arguments.Contains("NasArena.AllInOne") || l.Arguments.Contains("TorchBackend"));
        Assert.Contains(worker.Lines, l => l.Instruction == "RUN" && l.Arguments.StartsWith("dotnet publish src/NasArena.Worker ", StringComparison.Ordinal)
            && l.Arguments.Contains("-p:TorchBackend=${TORCH_BACKEND}"));
        Assert.Equal(["dotnet", "NasArena.Web.dll"], Entrypoint(web));
        Assert.Equal(["dotnet", "NasArena.Worker.dll"], Entrypoint(worker));
    }

    [Fact]
    public void TheWorkerRunsOnTheSharedFrameworksItsBuildNeeds()
    {
        // The platform library uses ASP.NET Core (health listener, Hangfire.AspNetCore): the runtime-only image would not start it.
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/") ? "Release" : "Debug";
        var runtimeConfig = Path.Combine(TestServers.RepoRoot, "src", "NasArena.Worker", "bin", configuration, "net10.0", "NasArena.Worker.runtimeconfig.json");
        var frameworks = JsonNode.Parse(File.ReadAllText(runtimeConfig))!["runtimeOptions"]!["frameworks"]!.AsArray().Select(f => (string)f!["name"]!).ToList();
        var final = Dockerfiles.Read("Dockerfile.worker").BaseImages.Last();
        if (frameworks.Contains("Microsoft.AspNetCore.App"))
        {
            Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", final);
        }
    }

    [Fact]
    public void TheWorkerImageHasTheSandboxAndThePythonModulesItsStartCheckAsksForInBothBuilds()
    {
        var worker = Dockerfiles.Read("Dockerfile.worker");
        var run = worker.FinalRun;
        foreach (var package in new[] { "bubblewrap", "util-linux", "python3" })
        {
            Assert.Matches($@"apt-get install [^\n]*\b{Regex.Escape(package)}\b", run);
        }
        // pip names for the modules the worker checks (UnseenData SandboxPrerequisites), each pinned.
        var pipNames = new Dictionary<string, string> { ["numpy"] = "numpy", ["torch"] = "torch", ["torchvision"] = "torchvision", ["sklearn"] = "scikit-learn" };
        foreach (var module in global::NasArena.UnseenData.Sandbox.SandboxPrerequisites.PythonModules.Keys)
        {
            Assert.Matches($@"\b{Regex.Escape(pipNames[module])}==\d+\.\d+(\.\d+)?\b", run);
        }
        // The two builds: CPU wheels by default, CUDA wheels (and libtorch CUDA, build/TorchSharp.targets) with TORCH_BACKEND=cuda.
        Assert.Contains(worker.Lines, l => l.Instruction == "ARG" && l.Arguments == "TORCH_BACKEND=cpu");
        Assert.Contains("cpu) index=https://download.pytorch.org/whl/cpu", run);
        Assert.Matches(@"cuda\) index=https://download\.pytorch\.org/whl/cu12\d", run);
        var targets = File.ReadAllText(Path.Combine(TestServers.RepoRoot, "build", "TorchSharp.targets"));
        Assert.Contains("<PackageReference Include=\"libtorch-cuda-12.8-linux-x64\" Condition=\"'$(TorchBackend)' == 'cuda'\" />", targets);
    }

    private static string[] Entrypoint(Dockerfiles file) =>
        JsonNode.Parse(file.FinalStage.Last(l => l.Instruction == "ENTRYPOINT").Arguments)!.AsArray().Select(x => (string)x!).ToArray();

    [GeneratedRegex(@"(:\d+\.\d+\.\d+[\w.-]*$)|(@sha256:[0-9a-f]{64}$)")]
    private static partial Regex Pinned();
}
