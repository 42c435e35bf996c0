namespace NasArena.Platform.Errors;

/// <summary>
/// A fault the caller can act on, turned into a ProblemDetails response in one place (the web's exception handler).
/// Title is short and stable; Detail names exactly what is wrong.
/// </summary>
public class ApiProblemException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}

public sealed class NotFoundException(string what) : ApiProblemException(404, "Not found", what);

public sealed class ForbiddenException(string detail) : ApiProblemException(403, "Forbidden", detail);

public sealed class ConflictException(string detail) : ApiProblemException(409, "Conflict", detail);

public sealed class BadRequestException(string detail) : ApiProblemException(400, "Invalid request", detail);

/// <summary>The uploaded file is not acceptable (format, content, consistency).</summary>
public sealed class InvalidFileException(string detail) : ApiProblemException(422, "Invalid file", detail);

public sealed class FileTooLargeException(string detail) : ApiProblemException(413, "File too large", detail);

public sealed class QuotaExceededException(string detail) : ApiProblemException(429, "Submission limit reached", detail);

public sealed class PhaseNotOpenException(string detail) : ApiProblemException(409, "Phase not open", detail);
