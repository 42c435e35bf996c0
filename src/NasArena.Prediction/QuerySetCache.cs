using NasArena.Scoring.Contract;

namespace NasArena.Prediction;

/// <summary>
/// Keeps the last query set read, keyed by its content hash: a worker scoring many submissions of one track
/// reads the hidden set once. One entry only, so memory stays bounded.
/// </summary>
static class QuerySetCache
{
    sealed record Entry(string Sha256, QuerySet QuerySet);

    static volatile Entry? _last;

    public static QuerySet Get(StagedAsset asset)
    {
        var last = _last;
        if (last is not null && !string.IsNullOrEmpty(asset.Sha256) && last.Sha256 == asset.Sha256) return last.QuerySet;
        var querySet = QuerySet.Load(asset.Path, $"The query set \"{asset.Name}\"");
        _last = new Entry(asset.Sha256, querySet);
        return querySet;
    }
}
