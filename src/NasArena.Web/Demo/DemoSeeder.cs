namespace NasArena.Web.Demo;

public sealed class DemoSeeder
{
    public Task SeedAsync(CancellationToken ct) => Task.CompletedTask;
}
