using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Data;

namespace NasArena.Web.Demo;

public sealed record DemoCredential(string Role, string Email, string Password);

/// <summary>
/// The demo's admin, organizer and participant. Accounts are made with passwords nobody sees; the start that finishes
/// the demo gives all three new passwords and prints them (DemoSeeder), and `reset-demo-passwords` does so on demand,
/// so no account is ever left with a password nobody was shown.
/// </summary>
public sealed class DemoAccounts(NasArenaDb db, AccountService accounts)
{
    private static readonly (string Role, string Email, string Name, bool Admin)[] All =
    [
        ("admin", "admin@nasarena.local", "Admin", true),
        ("organizer", "organizer@nasarena.local", "Demo Organizer", false),
        ("participant", "participant@nasarena.local", "Demo Participant", false),
    ];

    public const string ResetCommand = "bash scripts/run.sh reset-demo-passwords";

    /// <summary>Makes the accounts that are missing; returns each role's actor and whether any account was made.</summary>
    public async Task<(Dictionary<string, Actor> Actors, bool Made)> EnsureAsync(CancellationToken ct)
    {
        var actors = new Dictionary<string, Actor>();
        var made = false;
        foreach (var (role, email, name, admin) in All)
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
            if (user is null)
            {
                user = await accounts.RegisterAsync(email, Secrets.NewPassword(), name, ct);
                made = true;
            }
            // A second write: a start killed between the two leaves the admin without the flag, so it is checked every time.
            // The demo organizer is one an admin made "organizer": it may create competitions (Competitions:Creation = Granted).
            var creates = role == "organizer";
            if (user.IsAdmin != admin || user.CanCreateCompetitions != creates)
            {
                user.IsAdmin = admin;
                user.CanCreateCompetitions = creates;
                await db.SaveChangesAsync(ct);
            }
            actors[role] = new Actor(user.Id, admin);
        }
        return (actors, made);
    }

    /// <summary>New passwords for the demo accounts that exist; empty when there are none.</summary>
    public async Task<List<DemoCredential>> ResetPasswordsAsync(CancellationToken ct)
    {
        var result = new List<DemoCredential>();
        foreach (var (role, email, _, _) in All)
        {
            if (await db.Users.Where(u => u.Email == email).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(ct) is { } id)
            {
                var password = Secrets.NewPassword();
                await accounts.SetPasswordAsync(id, password, ct);
                result.Add(new DemoCredential(role, email, password));
            }
        }
        return result;
    }

    public static string Format(IEnumerable<DemoCredential> credentials)
    {
        var text = new StringBuilder($"Accounts (shown once; `{ResetCommand}` gives them new passwords):\n");
        foreach (var (role, email, password) in credentials)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {role,-12} {email,-30} {password}\n");
        }
        return text.ToString();
    }
}
