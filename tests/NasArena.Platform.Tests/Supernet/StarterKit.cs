using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Supernet;

/// <summary>Checkpoints written by the supernet starter kit (starter-kits/supernet) with Debian's PyTorch: good and bad ones.</summary>
public static class StarterKit
{
    /// <summary>
    /// In the folder: supernet.pt (an untrained SuperNet's state_dict, seed 0, via export.save_pt), nan.safetensors
    /// (the same with one NaN in fc.weight), evil.pt (a state_dict whose pickle calls os.system on load).
    /// </summary>
    public static async Task WriteCheckpointsAsync(string folder)
    {
        var kit = Path.Combine(TestServers.RepoRoot, "starter-kits", "supernet");
        var script = Path.Combine(folder, "make_checkpoints.py");
        await File.WriteAllTextAsync(script, $$"""
            import os, sys
            sys.path.insert(0, {{PyString(kit)}})
            import torch
            from supernet import SuperNet
            from export import save_pt, save_safetensors

            torch.manual_seed(0)
            state = SuperNet("demo").state_dict()
            save_pt(state, "supernet.pt")
            bad = {k: v.clone() for k, v in state.items()}
            bad["fc.weight"][3, 5] = float("nan")
            save_safetensors(bad, "nan.safetensors")

            class Evil:
                def __reduce__(self):
                    return (os.system, ("touch /tmp/nasarena-pwned",))

            evil = dict(state)
            evil["fc.bias"] = Evil()
            torch.save(evil, "evil.pt")
            """);
        var result = await Python.RunAsync(folder, null, script);
        Assert.True(result.ExitCode == 0, "The starter kit could not write checkpoints (needs python3-torch): " + result);
    }

    private static string PyString(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
