using System.Text.Json;
using NasArena.MultiObjective.Kind;
using NasArena.MultiObjective.Spaces;

namespace NasArena.MultiObjective;

/// <summary>A track's settings as the scorer reads them, through the kind's schema (the one reader, ADR 0013).</summary>
public sealed record FrontSettings(ResNetSpace Space, string Cost, int MaxArchitectures, Point2 Reference, double? CostBudget, bool ShowTrueFront)
{
    public static FrontSettings Parse(JsonElement settings)
    {
        var s = MultiObjectiveKind.Settings;
        s.Check(settings);
        return new(ResNetSpace.Get(s.Text(settings, "space")), s.Text(settings, "cost"), (int)s.Integer(settings, "maxArchitectures"),
            new Point2(s.Number(settings, "referenceError"), s.Number(settings, "referenceCost")),
            s.OptionalNumber(settings, "costBudget"), s.Flag(settings, "showTrueFront"));
    }

    /// <summary>The cost's unit in words, for the details and the page.</summary>
    public string CostUnit => Cost switch { "params" => "parameters", "flops" => "FLOPs", _ => "ms" };
}
