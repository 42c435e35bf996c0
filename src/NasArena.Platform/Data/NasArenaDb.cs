using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NasArena.Platform.Domain;

namespace NasArena.Platform.Data;

/// <summary>The source of truth for every submission's state. Used directly: no repository layer (ADR 0003).</summary>
/// <remarks>Also the web replicas' shared ASP.NET Core Data Protection key ring (<see cref="DataProtectionKeys"/>): a session
/// cookie or antiforgery token one replica made is read by every other.</remarks>
public sealed class NasArenaDb(DbContextOptions<NasArenaDb> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Competition> Competitions => Set<Competition>();
    public DbSet<CompetitionOrganizer> CompetitionOrganizers => Set<CompetitionOrganizer>();
    public DbSet<OrganizerInvitation> OrganizerInvitations => Set<OrganizerInvitation>();
    public DbSet<Track> Tracks => Set<Track>();
    public DbSet<Phase> Phases => Set<Phase>();
    public DbSet<PhaseAsset> PhaseAssets => Set<PhaseAsset>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Registration> Registrations => Set<Registration>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<Score> Scores => Set<Score>();
    public DbSet<ScoreReplicates> ScoreReplicates => Set<ScoreReplicates>();
    public DbSet<ScoreHistoryEntry> ScoreHistory => Set<ScoreHistoryEntry>();
    public DbSet<Artifact> Artifacts => Set<Artifact>();
    public DbSet<Shard> Shards => Set<Shard>();
    public DbSet<Announcement> Announcements => Set<Announcement>();

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite has no date type: stored as sortable integers so that ORDER BY and comparisons run in SQL.
        if (Database.IsSqlite())
        {
            builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<User>().HasIndex(u => u.Email).IsUnique();
        b.Entity<User>().Property(u => u.Email).HasMaxLength(320);
        b.Entity<User>().Property(u => u.DisabledReason).HasMaxLength(500);
        b.Entity<User>().Property(u => u.VerificationTokenHash).HasMaxLength(64);
        b.Entity<User>().HasIndex(u => u.VerificationTokenHash).IsUnique();
        b.Entity<User>().Property(u => u.SecurityStamp).HasMaxLength(64).HasDefaultValue("");
        b.Entity<ApiToken>().HasIndex(t => t.TokenHash).IsUnique();
        // Rows from before scopes existed keep the power they had (every scope); new tokens always name theirs.
        b.Entity<ApiToken>().Property(t => t.Scopes).HasMaxLength(64).HasDefaultValue("read submit manage");
        b.Entity<OrganizerInvitation>().Property(i => i.Email).HasMaxLength(320);
        b.Entity<OrganizerInvitation>().HasIndex(i => new { i.CompetitionId, i.Email });
        b.Entity<OrganizerInvitation>().HasIndex(i => i.Email);
        b.Entity<OrganizerInvitation>().HasOne(i => i.Competition).WithMany().HasForeignKey(i => i.CompetitionId);
        b.Entity<OrganizerInvitation>().HasOne(i => i.InvitedBy).WithMany().HasForeignKey(i => i.InvitedById).OnDelete(DeleteBehavior.Restrict);

        b.Entity<Competition>().HasIndex(c => c.Slug).IsUnique();
        b.Entity<CompetitionOrganizer>().HasKey(o => new { o.CompetitionId, o.UserId });
        b.Entity<Competition>().HasMany(c => c.Organizers).WithOne().HasForeignKey(o => o.CompetitionId);
        b.Entity<Track>().HasIndex(t => new { t.CompetitionId, t.Slug }).IsUnique();
        b.Entity<Track>().Property(t => t.Kind).HasConversion<string>().HasMaxLength(32);
        b.Entity<Phase>().HasIndex(p => new { p.TrackId, p.Slug }).IsUnique();
        b.Entity<PhaseAsset>().HasIndex(a => new { a.PhaseId, a.Kind, a.Name }).IsUnique();
        b.Entity<PhaseAsset>().Property(a => a.Validation).HasConversion<string>().HasMaxLength(16);
        b.Entity<PhaseAsset>().Property(a => a.ValidationMessage).HasMaxLength(4000);
        b.Entity<Phase>().Property(p => p.FailurePolicy).HasConversion<string>().HasMaxLength(16);
        b.Entity<Submission>().Property(s => s.ComputeSource).HasMaxLength(64);
        b.Entity<Phase>().HasMany(p => p.Assets).WithOne().HasForeignKey(a => a.PhaseId);

        b.Entity<Team>().HasIndex(t => t.JoinCode).IsUnique();
        b.Entity<Team>().HasIndex(t => new { t.CompetitionId, t.Name }).IsUnique();
        b.Entity<Registration>().HasIndex(r => new { r.CompetitionId, r.UserId }).IsUnique();
        b.Entity<Registration>().Property(r => r.Status).HasConversion<string>().HasMaxLength(16);

        b.Entity<Submission>().Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        b.Entity<Submission>().HasIndex(s => new { s.PhaseId, s.TeamId, s.CreatedAt });
        b.Entity<Submission>().HasIndex(s => new { s.Status, s.HeartbeatAt });
        b.Entity<Submission>().HasOne(s => s.Score).WithOne().HasForeignKey<Score>(s => s.SubmissionId);
        b.Entity<Score>().HasKey(s => s.SubmissionId);
        b.Entity<ScoreReplicates>().HasKey(r => r.SubmissionId);
        b.Entity<ScoreHistoryEntry>().HasIndex(h => new { h.SubmissionId, h.ScoringRun });
        b.Entity<ScoreHistoryEntry>().HasOne<Submission>().WithMany().HasForeignKey(h => h.SubmissionId);
        b.Entity<ScoreReplicates>().HasOne<Submission>().WithOne().HasForeignKey<ScoreReplicates>(r => r.SubmissionId);
        b.Entity<Shard>().HasKey(s => new { s.SubmissionId, s.ScoringRun, s.ShardIndex });
        b.Entity<Shard>().Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        b.Entity<Shard>().HasIndex(s => new { s.Status, s.HeartbeatAt });
        b.Entity<Artifact>().HasIndex(a => a.ObjectKey).IsUnique();
        b.Entity<Announcement>().HasIndex(a => new { a.CompetitionId, a.CreatedAt });
        b.Entity<Announcement>().Property(a => a.Subject).HasMaxLength(Notifications.Announcements.MaxSubject);
    }
}
