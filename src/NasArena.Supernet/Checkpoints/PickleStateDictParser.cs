using System.Buffers.Binary;
using System.Text;

namespace NasArena.Supernet.Checkpoints;

/// <summary>
/// Reads the data.pkl of a PyTorch zip checkpoint WITHOUT executing it: a small symbolic pickle machine that knows
/// only the opcodes and globals a state_dict of tensors uses. Any other global (os.system, a model class, ...) or
/// opcode is rejected before anything loads it, so a checkpoint can never run code.
/// </summary>
public static class PickleStateDictParser
{
    /// <summary>Storage classes a state_dict may name, and the dtype (safetensors spelling) and element size each means.</summary>
    public static readonly IReadOnlyDictionary<string, (string DType, int Size)> StorageTypes = new Dictionary<string, (string, int)>
    {
        ["FloatStorage"] = ("F32", 4),
        ["DoubleStorage"] = ("F64", 8),
        ["HalfStorage"] = ("F16", 2),
        ["BFloat16Storage"] = ("BF16", 2),
        ["LongStorage"] = ("I64", 8),
        ["IntStorage"] = ("I32", 4),
        ["ShortStorage"] = ("I16", 2),
        ["CharStorage"] = ("I8", 1),
        ["ByteStorage"] = ("U8", 1),
        ["BoolStorage"] = ("BOOL", 1),
    };

    const string OrderedDict = "collections.OrderedDict";
    const string RebuildTensor = "torch._utils._rebuild_tensor_v2";
    const string RebuildParameter = "torch._utils._rebuild_parameter";

    sealed record Global(string Name);
    sealed record Mark;
    sealed record PersistentRef(object?[] Id);
    sealed class PyDict { public List<KeyValuePair<object?, object?>> Items { get; } = []; }
    sealed class PyList { public List<object?> Items { get; } = []; }
    sealed record TensorValue(PickledTensor Tensor);

    /// <summary>Parses the pickle and returns the tensors of the state_dict in file order.</summary>
    public static IReadOnlyList<PickledTensor> Parse(byte[] pickle)
    {
        var stack = new List<object?>();
        var memo = new Dictionary<long, object?>();
        int pos = 0;

        byte U8() => pos < pickle.Length ? pickle[pos++] : throw Truncated();
        ReadOnlySpan<byte> Take(long n)
        {
            if (n < 0 || pos + n > pickle.Length) throw Truncated();
            var span = pickle.AsSpan(pos, (int)n);
            pos += (int)n;
            return span;
        }
        string Line()
        {
            int end = Array.IndexOf(pickle, (byte)'\n', pos);
            if (end < 0) throw Truncated();
            var s = Encoding.ASCII.GetString(pickle, pos, end - pos);
            pos = end + 1;
            return s;
        }
        object? Pop() => stack.Count > 0 ? PopAt() : throw Malformed("stack underflow");
        object? PopAt() { var v = stack[^1]; stack.RemoveAt(stack.Count - 1); return v; }
        object? Top() => stack.Count > 0 ? stack[^1] : throw Malformed("stack underflow");
        List<object?> PopToMark()
        {
            int m = stack.FindLastIndex(v => v is Mark);
            if (m < 0) throw Malformed("no MARK");
            var items = stack.GetRange(m + 1, stack.Count - m - 1);
            stack.RemoveRange(m, stack.Count - m);
            return items;
        }
        Global CheckGlobal(string module, string name)
        {
            var full = $"{module}.{name}";
            if (full is OrderedDict or RebuildTensor or RebuildParameter) return new Global(full);
            if (module == "torch" && StorageTypes.ContainsKey(name)) return new Global(full);
            throw new CheckpointException(
                $"The checkpoint's data.pkl references '{full}'. Only a state_dict of tensors is accepted " +
                "(save model.state_dict() with torch.save); pickled model objects, custom classes and code are rejected, and nothing in the file is run.");
        }

        while (true)
        {
            int at = pos;
            byte op = U8();
            switch (op)
            {
                case 0x80: U8(); break; // PROTO
                case 0x95: Take(8); break; // FRAME
                case (byte)'c': { var module = Line(); var name = Line(); stack.Add(CheckGlobal(module, name)); break; }
                case 0x93: // STACK_GLOBAL
                    {
                        var name = Pop() as string; var module = Pop() as string;
                        if (module is null || name is null) throw Malformed("STACK_GLOBAL without strings");
                        stack.Add(CheckGlobal(module, name));
                        break;
                    }
                case (byte)')': stack.Add(Array.Empty<object?>()); break;
                case (byte)'}': stack.Add(new PyDict()); break;
                case (byte)']': stack.Add(new PyList()); break;
                case (byte)'(': stack.Add(new Mark()); break;
                case (byte)'t': stack.Add(PopToMark().ToArray()); break;
                case 0x85: stack.Add(new[] { Pop() }); break;
                case 0x86: { var b = Pop(); var a = Pop(); stack.Add(new[] { a, b }); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); stack.Add(new[] { a, b, c }); break; }
                case (byte)'q': memo[U8()] = Top(); break;
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Top(); break;
                case 0x94: memo[memo.Count] = Top(); break;
                case (byte)'h': stack.Add(Memo(memo, U8())); break;
                case (byte)'j': stack.Add(Memo(memo, BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break;
                case (byte)'X': stack.Add(Utf8(Take(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))))); break;
                case 0x8c: stack.Add(Utf8(Take(U8()))); break;
                case 0x8d: stack.Add(Utf8(Take((long)BinaryPrimitives.ReadUInt64LittleEndian(Take(8))))); break;
                case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
                case (byte)'K': stack.Add((long)U8()); break;
                case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                case 0x8a: // LONG1
                    {
                        var bytes = Take(U8());
                        if (bytes.Length > 8) throw Malformed("integer too large");
                        long v = 0;
                        for (int i = bytes.Length - 1; i >= 0; i--) v = (v << 8) | bytes[i];
                        if (bytes.Length is > 0 and < 8 && (bytes[^1] & 0x80) != 0) v -= 1L << (8 * bytes.Length);
                        stack.Add(v);
                        break;
                    }
                case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
                case (byte)'N': stack.Add(null); break;
                case 0x88: stack.Add(true); break;
                case 0x89: stack.Add(false); break;
                case (byte)'Q': // BINPERSID
                    stack.Add(Pop() is object?[] id ? new PersistentRef(id) : throw Malformed("persistent id is not a tuple"));
                    break;
                case (byte)'R': { var args = Pop(); var callable = Pop(); stack.Add(Reduce(callable, args)); break; }
                case (byte)'b': // BUILD: only OrderedDict's state (its _metadata attribute) occurs in a state_dict
                    {
                        Pop();
                        if (Top() is not PyDict) throw Malformed("BUILD on something other than a dict");
                        break;
                    }
                case (byte)'s': { var v = Pop(); var k = Pop(); AsDict(Top()).Items.Add(new(k, v)); break; }
                case (byte)'u':
                    {
                        var items = PopToMark();
                        if (items.Count % 2 != 0) throw Malformed("SETITEMS with an odd count");
                        var d = AsDict(Top());
                        for (int i = 0; i < items.Count; i += 2) d.Items.Add(new(items[i], items[i + 1]));
                        break;
                    }
                case (byte)'a': { var v = Pop(); AsList(Top()).Items.Add(v); break; }
                case (byte)'e': { var items = PopToMark(); AsList(Top()).Items.AddRange(items); break; }
                case (byte)'.': return Result(stack.Count == 1 ? stack[0] : throw Malformed("STOP with a stack of " + stack.Count));
                default:
                    throw new CheckpointException(
                        $"The checkpoint's data.pkl uses pickle opcode 0x{op:x2} (at byte {at}), which a state_dict of tensors never uses; the file is rejected without running it.");
            }
        }
    }

    static object? Reduce(object? callable, object? args)
    {
        if (callable is not Global g) throw Malformed("REDUCE on something that is not a global");
        if (args is not object?[] a) throw Malformed("REDUCE arguments are not a tuple");
        switch (g.Name)
        {
            case OrderedDict:
                if (a.Length != 0) throw Malformed("OrderedDict with arguments");
                return new PyDict();
            case RebuildTensor:
                return new TensorValue(ToTensor(a));
            case RebuildParameter:
                return a.Length >= 1 && a[0] is TensorValue t ? t : throw Malformed("_rebuild_parameter without a tensor");
            default:
                throw new CheckpointException($"The checkpoint's data.pkl calls '{g.Name}', which a state_dict never does.");
        }
    }

    static PickledTensor ToTensor(object?[] a)
    {
        // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (a.Length < 6 || a[0] is not PersistentRef storage || a[1] is not long offset || a[2] is not object?[] size || a[3] is not object?[] stride)
            throw Malformed("unexpected _rebuild_tensor_v2 arguments");
        var id = storage.Id;
        if (id.Length != 5 || id[0] as string != "storage" || id[1] is not Global type || id[2] is not string key || id[3] is not string)
            throw Malformed("unexpected storage reference");
        var storageName = type.Name["torch.".Length..];
        if (!StorageTypes.TryGetValue(storageName, out var dt)) throw Malformed("unknown storage type " + type.Name);
        long[] Longs(object?[] xs) => xs.Select(x => x is long l && l >= 0 ? l : throw Malformed("tensor size or stride is not a count")).ToArray();
        var shape = Longs(size); var strides = Longs(stride);
        if (shape.Length != strides.Length) throw Malformed("size and stride differ in rank");
        if (offset < 0) throw Malformed("negative storage offset");
        return new PickledTensor("", dt.DType, dt.Size, key, offset, shape, strides);
    }

    static IReadOnlyList<PickledTensor> Result(object? top)
    {
        if (top is not PyDict dict)
            throw new CheckpointException("The checkpoint's data.pkl does not hold a dict; save model.state_dict() with torch.save.");
        var tensors = new List<PickledTensor>();
        var nested = dict.Items.Where(kv => kv.Value is PyDict).Select(kv => kv.Key as string).ToList();
        if (nested.Count > 0)
            throw new CheckpointException(
                $"The checkpoint holds a dict with nested dicts ({string.Join(", ", nested.Select(n => $"'{n}'"))}), like a training checkpoint; save model.state_dict() itself.");
        foreach (var (k, v) in dict.Items)
        {
            if (k is not string key) throw new CheckpointException("The checkpoint's state_dict has a key that is not a string.");
            if (v is not TensorValue t) throw new CheckpointException($"The checkpoint's entry '{key}' is not a tensor.");
            tensors.Add(t.Tensor with { Key = key });
        }
        return tensors;
    }

    static object? Memo(Dictionary<long, object?> memo, long i) => memo.TryGetValue(i, out var v) ? v : throw Malformed("unknown memo index");
    static PyDict AsDict(object? o) => o as PyDict ?? throw Malformed("SETITEM on something other than a dict");
    static PyList AsList(object? o) => o as PyList ?? throw Malformed("APPEND on something other than a list");
    static string Utf8(ReadOnlySpan<byte> b) => Encoding.UTF8.GetString(b);
    static CheckpointException Truncated() => new("The checkpoint's data.pkl is truncated.");
    static CheckpointException Malformed(string what) => new($"The checkpoint's data.pkl is not a state_dict of tensors ({what}).");
}

/// <summary>A tensor as data.pkl describes it: which storage file, where in it, and its layout.</summary>
public sealed record PickledTensor(string Key, string DType, int ElementSize, string StorageKey, long StorageOffset, long[] Shape, long[] Stride)
{
    /// <summary>Elements of the storage the tensor reaches (0 for an empty tensor).</summary>
    public long StorageExtent => Shape.Any(s => s == 0) ? 0 : StorageOffset + 1 + Shape.Zip(Stride, (n, s) => (n - 1) * s).Sum();
}
