using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NasArena.Platform.Domain;

namespace NasArena.Platform.Accounts;

/// <summary>
/// This process's (this service provider's) count of changes to what a session cookie is checked against (a user's admin flag, name, disabled
/// state, security stamp, or the row itself): the web's session cache (ADR 0036) drops every kept user whenever it
/// moves, so a change made by this process (an admin disabling an account, a password change, "sign out everywhere")
/// reaches the very next cookie request here; other replicas see it within the cache's bound.
/// <para>
/// Moved by <see cref="Interceptor"/> for every SaveChanges that touches such a column, before the save and again after
/// it (and after the commit of an explicit transaction around it): a request that read the old row between the first
/// move and the commit keeps its entry under a generation that is gone by then. Writes that bypass SaveChanges
/// (ExecuteUpdate on Users) must call <see cref="NoteLocalChange"/> themselves; none does today.
/// </para>
/// <para>A singleton, not a static: two hosts in one test process are two replicas, each with its own count.</para>
/// </summary>
public sealed class SessionChanges : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private long _generation;

    public long LocalGeneration => Interlocked.Read(ref _generation);

    public void NoteLocalChange() => Interlocked.Increment(ref _generation);

    /// <summary>The columns a cookie check reads (AccountService.SessionUserAsync); a change to any other one (a password hash, a verification link) leaves sessions alone.</summary>
    private static readonly string[] SessionColumns =
        [nameof(User.IsAdmin), nameof(User.DisplayName), nameof(User.DisabledAt), nameof(User.DisabledReason), nameof(User.SecurityStamp)];

    // Per context: a save that noted a change (moved again after it) and one inside a transaction (moved again at its commit).
    private readonly ConditionalWeakTable<DbContext, object> _saving = new();
    private readonly ConditionalWeakTable<DbContext, object> _inTransaction = new();

    private void Note(DbContext? context)
    {
        if (context is null || !Touches(context))
        {
            return;
        }
        NoteLocalChange();
        _saving.AddOrUpdate(context, new object());
        if (context.Database.CurrentTransaction is not null)
        {
            _inTransaction.AddOrUpdate(context, new object());
        }
    }

    private static bool Touches(DbContext context) => context.ChangeTracker.Entries<User>().Any(e =>
        e.State == EntityState.Deleted
        || (e.State == EntityState.Modified && SessionColumns.Any(c => e.Property(c).IsModified)));

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // After the save (or its failure) the entries are accepted: a save that noted a change moves the generation again.
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSave(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => AfterSave(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return Task.CompletedTask;
    }

    private void AfterSave(DbContext? context)
    {
        if (context is not null && _saving.TryGetValue(context, out _))
        {
            _saving.Remove(context);
            NoteLocalChange();
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && _inTransaction.TryGetValue(context, out _))
        {
            _inTransaction.Remove(context);
            NoteLocalChange();
        }
    }
}
