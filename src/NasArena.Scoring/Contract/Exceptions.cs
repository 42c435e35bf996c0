namespace NasArena.Scoring.Contract;

/// <summary>The participant's submission is at fault; the message is shown to the participant as is.</summary>
public sealed class SubmissionRejectedException(string message) : Exception(message);

/// <summary>An organizer asset is inconsistent; the message names the fault.</summary>
public sealed class AssetRejectedException(string message) : Exception(message);

/// <summary>The track is not set up well enough to score (missing asset, bad settings): the platform's fault, not the participant's.</summary>
public sealed class ScoringConfigurationException(string message) : Exception(message);
