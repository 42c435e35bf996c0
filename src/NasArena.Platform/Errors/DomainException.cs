namespace NasArena.Platform.Errors;

/// <summary>
/// A fault the caller can act on. Each subclass says what went wrong in the platform's terms; which HTTP status and
/// title that becomes is decided in one place, the web's ProblemMapper, so this library knows nothing of HTTP.
/// The message names exactly what is wrong and is shown to the caller as is.
/// </summary>
public abstract class DomainException(string detail) : Exception(detail);

/// <summary>The caller is anonymous (or their credentials were refused) where an account is needed.</summary>
public sealed class UnauthenticatedException(string detail) : DomainException(detail);

/// <summary>The caller is known but may not do this.</summary>
public sealed class ForbiddenException(string detail) : DomainException(detail);

/// <summary>The thing named does not exist, or the caller may not know that it does.</summary>
public sealed class NotFoundException(string what) : DomainException(what);

/// <summary>The request clashes with what exists (a duplicate, or a state that does not allow it).</summary>
public sealed class ConflictException(string detail) : DomainException(detail);

/// <summary>A field of the request is missing or out of range; the message names the field.</summary>
public sealed class InvalidInputException(string detail) : DomainException(detail);

/// <summary>The uploaded file is not acceptable (format, content, consistency).</summary>
public sealed class InvalidFileException(string detail) : DomainException(detail);

/// <summary>The upload is larger than the track's (or the asset) limit.</summary>
public sealed class FileTooLargeException(string detail) : DomainException(detail);

/// <summary>The upload is not sent the way the platform reads uploads (multipart/form-data).</summary>
public sealed class UnsupportedUploadException(string detail) : DomainException(detail);

/// <summary>The team has used its daily or total submissions of the phase.</summary>
public sealed class QuotaExceededException(string detail) : DomainException(detail);

/// <summary>Too many requests of one kind (sign-in, registration, tokens, submissions) from one address or account:
/// <paramref name="retryAfterSeconds"/> is when the next one is taken.</summary>
public sealed class RateLimitedException(string detail, int retryAfterSeconds) : DomainException(detail)
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}

/// <summary>The phase does not take submissions now (before its start or after its end).</summary>
public sealed class PhaseNotOpenException(string detail) : DomainException(detail);

/// <summary>The phase cannot score yet (its organizers have not finished setting up the track): the platform's fault, not the caller's.</summary>
public sealed class PhaseNotReadyException(string detail) : DomainException(detail);

/// <summary>
/// A chunk of a resumable upload was sent at another offset than where the upload stands (a retry after a lost answer,
/// or a client that lost track): the caller resumes from <see cref="CurrentOffset"/>.
/// </summary>
public sealed class UploadOffsetMismatchException(long currentOffset, string detail) : DomainException(detail)
{
    public long CurrentOffset { get; } = currentOffset;
}
