// MSBuild inline task (RoslynCodeTaskFactory): marks one GLIBCXX version requirement of libLibTorchSharp.so as weak.
// Why: see TorchSharp.targets. Parses the ELF properly (section headers -> .gnu.version_r -> Verneed/Vernaux,
// names from the linked string table) and flips VER_FLG_WEAK in place of nothing else. Idempotent.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class WeakenGlibcxxRequirement : Task
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    [Required] public string Directory { get; set; } = "";
    [Required] public string VersionName { get; set; } = "";

    static readonly string[] LibstdcxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory)) return true;
        var libraries = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        if (libraries.Length == 0) return true;
        if (HostProvides(VersionName))
        {
            Log.LogMessage(MessageImportance.Low, $"Host libstdc++ provides {VersionName}: libLibTorchSharp.so left as is.");
            return true;
        }
        foreach (var path in libraries)
        {
            try { Patch(path); }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogError($"Could not patch {path} for {VersionName}: {e.Message}");
                return false;
            }
        }
        return true;
    }

    bool HostProvides(string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var candidate in LibstdcxxCandidates)
        {
            if (!File.Exists(candidate)) continue;
            // The version names a library defines are NUL-terminated strings in its .dynstr.
            return IndexOf(File.ReadAllBytes(candidate), needle) >= 0;
        }
        return false; // no libstdc++ found where we look: patching is harmless (a weak requirement still binds when present)
    }

    void Patch(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("not a 64-bit little-endian ELF file");

        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        if (shoff <= 0 || shentsize < 64 || shoff + (long)shnum * shentsize > elf.Length)
            throw new InvalidDataException("section header table out of bounds");

        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            long size = (long)BitConverter.ToUInt64(elf, (int)sh + 0x20);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            uint count = BitConverter.ToUInt32(elf, (int)sh + 0x2C);
            if (link >= shnum || offset + size > elf.Length) throw new InvalidDataException(".gnu.version_r out of bounds");
            long strSh = shoff + (long)link * shentsize;
            long strOffset = (long)BitConverter.ToUInt64(elf, (int)strSh + 0x18);
            long strSize = (long)BitConverter.ToUInt64(elf, (int)strSh + 0x20);
            if (strOffset + strSize > elf.Length) throw new InvalidDataException(".dynstr out of bounds");

            long verneed = offset;
            for (uint n = 0; n < count; n++)
            {
                CheckRange(verneed, 16, offset, size);
                int auxCount = BitConverter.ToUInt16(elf, (int)verneed + 2);
                long aux = verneed + BitConverter.ToUInt32(elf, (int)verneed + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    CheckRange(aux, 16, offset, size);
                    uint nameIndex = BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadString(elf, strOffset, strSize, nameIndex) == VersionName)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        if ((flags & VerFlgWeak) != 0)
                        {
                            Log.LogMessage(MessageImportance.Low, $"{path}: {VersionName} already weak.");
                            return;
                        }
                        flags |= VerFlgWeak;
                        elf[aux + 4] = (byte)(flags & 0xff);
                        elf[aux + 5] = (byte)(flags >> 8);
                        // Write a new file and move it over the old one: the output copy may be a hard link into the NuGet cache.
                        var temp = path + ".patching";
                        File.WriteAllBytes(temp, elf);
                        File.Delete(path);
                        File.Move(temp, path);
                        Log.LogMessage(MessageImportance.High, $"Marked {VersionName} weak in {path} (Debian 12's libstdc++ lacks it).");
                        return;
                    }
                    uint next = BitConverter.ToUInt32(elf, (int)aux + 12);
                    if (next == 0) break;
                    aux += next;
                }
                uint nextNeed = BitConverter.ToUInt32(elf, (int)verneed + 12);
                if (nextNeed == 0) break;
                verneed += nextNeed;
            }
        }
        Log.LogMessage(MessageImportance.Low, $"{path} does not require {VersionName}: nothing to patch.");
    }

    static void CheckRange(long at, long length, long sectionOffset, long sectionSize)
    {
        if (at < sectionOffset || at + length > sectionOffset + sectionSize)
            throw new InvalidDataException(".gnu.version_r entry out of bounds");
    }

    static string ReadString(byte[] elf, long tableOffset, long tableSize, uint index)
    {
        if (index >= tableSize) throw new InvalidDataException("string index out of bounds");
        long start = tableOffset + index, end = start;
        while (end < tableOffset + tableSize && elf[end] != 0) end++;
        return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
    }

    static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
}
