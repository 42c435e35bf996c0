namespace NasArena.Scoring.Contract;

/// <summary>
/// The three kinds of NAS track the platform hosts, after the CVPR 2021 NAS workshop's three tracks: performance
/// prediction (<c>Predictor</c>), supernet ranking (<c>Supernet</c>, docs/supernet.md) and unseen data
/// (<c>UnseenData</c>, docs/unseen-data.md).
/// </summary>
public enum TrackKind
{
    Predictor,
    Supernet,
    UnseenData,
}
