namespace NasArena.Scoring.Contract;

/// <summary>The three kinds of NAS track the platform hosts (see shared/docs/nas-tracks.md).</summary>
public enum TrackKind
{
    Predictor,
    Supernet,
    UnseenData,
}
