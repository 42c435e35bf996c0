namespace NasArena.Web.Api;

/// <summary>
/// Declares in the OpenAPI document the ProblemDetails answers a route can give, beside the success one its typed
/// result declares. Each route lists what its services throw (ProblemMapper says which status each fault is); the
/// API group adds 401 to all, since a presented but refused API token is answered 401 on any route.
/// </summary>
public static class ErrorResponses
{
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statusCodes) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statusCodes)
        {
            builder.ProducesProblem(status);
        }
        return builder;
    }
}
