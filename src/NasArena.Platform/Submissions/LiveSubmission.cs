namespace NasArena.Platform.Submissions;

/// <summary>
/// A submission as the browser's live views show it: the view the REST API answers, plus the worker's last sign of life
/// (kept out of <see cref="SubmissionView"/> so that the API's answers stay as they are).
/// </summary>
public sealed record LiveSubmission(SubmissionView View, DateTimeOffset? HeartbeatAt);
