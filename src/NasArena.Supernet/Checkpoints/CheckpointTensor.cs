namespace NasArena.Supernet.Checkpoints;

/// <summary>What a checkpoint declares about one tensor, read without loading it. DType uses safetensors' names (F32, I64 ...).</summary>
public sealed record CheckpointTensor(string Key, string DType, long[] Shape);

/// <summary>A fault of the uploaded checkpoint; the scorer turns it into a SubmissionRejectedException.</summary>
public sealed class CheckpointException(string message) : Exception(message);
