namespace NasArena.Scoring.Contract;

/// <summary>
/// The kinds of NAS track the platform hosts: the CVPR 2021 NAS workshop's three tracks, performance prediction
/// (<c>Predictor</c>), supernet ranking (<c>Supernet</c>, docs/supernet.md) and unseen data (<c>UnseenData</c>,
/// docs/unseen-data.md), and hardware-aware multi-objective NAS (<c>HardwareMultiObjective</c>, ADR 0048).
/// </summary>
public enum TrackKind
{
    Predictor,
    Supernet,
    UnseenData,
    HardwareMultiObjective,
}
