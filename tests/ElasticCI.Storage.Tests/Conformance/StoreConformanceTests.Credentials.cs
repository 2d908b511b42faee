namespace ElasticCI.Storage.Conformance;

/// <summary>Registration credentials and the secrets audit log: the areas the store suite did not cover before.</summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task TrySpendRegistrationCredentialAsync_UsesLeft_SpendsEachOnceThenNone()
    {
        await Store.Credentials.IssueRegistrationCredentialAsync("cred-1", "i-1", "linux", 2, Now, Now.AddMinutes(10), Ct);

        var first = await Store.Credentials.TrySpendRegistrationCredentialAsync("cred-1", Now, Ct);
        var second = await Store.Credentials.TrySpendRegistrationCredentialAsync("cred-1", Now, Ct);
        var third = await Store.Credentials.TrySpendRegistrationCredentialAsync("cred-1", Now, Ct);

        Assert.Equal(new RegistrationCredential("i-1", "linux"), first);
        Assert.Equal(first, second);
        Assert.Null(third);
    }

    [Fact]
    public async Task TrySpendRegistrationCredentialAsync_ExpiredOrUnknown_IsNone()
    {
        await Store.Credentials.IssueRegistrationCredentialAsync("cred-1", "i-1", "linux", 5, Now, Now.AddMinutes(10), Ct);

        Assert.Null(await Store.Credentials.TrySpendRegistrationCredentialAsync("cred-1", Now.AddMinutes(11), Ct));
        Assert.Null(await Store.Credentials.TrySpendRegistrationCredentialAsync("no-such", Now, Ct));
        // The refused attempts changed nothing: within its lifetime the credential still has its uses.
        Assert.NotNull(await Store.Credentials.TrySpendRegistrationCredentialAsync("cred-1", Now.AddMinutes(1), Ct));
    }

    [Fact]
    public async Task TrySpendRegistrationCredentialAsync_TwoAtOnceForTheLastUse_ExactlyOneGetsIt()
    {
        await Store.Credentials.IssueRegistrationCredentialAsync("cred-1", "i-1", "linux", 1, Now, Now.AddMinutes(10), Ct);

        var spent = await Task.WhenAll(
            Store.Credentials.TrySpendRegistrationCredentialAsync("cred-1", Now, Ct),
            Store.Credentials.TrySpendRegistrationCredentialAsync("cred-1", Now, Ct));

        Assert.Single(spent, s => s is not null);
    }

    [Fact]
    public async Task SecretsAudit_AddAndList_NewestKeptOldestFirstPerPipeline()
    {
        for (var i = 1; i <= 4; i++)
        {
            var stored = await Store.SecretsAudit.AddSecretsAuditAsync(
                new SecretsAuditEntry(0, Now.AddSeconds(i), $"job-{i}", "build-1", i % 2 == 0 ? "web" : "app", "default", $"prefix-{i}", "refused", "not granted"), Ct);
            Assert.True(stored.Id > 0);
            Assert.Equal(($"job-{i}", $"prefix-{i}", Now.AddSeconds(i)), (stored.JobId, stored.RequestedPrefix, stored.At));
        }

        var newestThree = await Store.SecretsAudit.ListSecretsAuditAsync(null, 3, Ct);
        var app = await Store.SecretsAudit.ListSecretsAuditAsync("app", 10, Ct);

        Assert.Equal(["job-2", "job-3", "job-4"], newestThree.Select(e => e.JobId));
        Assert.Equal(["job-1", "job-3"], app.Select(e => e.JobId));
        Assert.All(app, e => Assert.Equal(("app", "default", "refused", "not granted"), (e.Pipeline, e.Queue, e.Outcome, e.Detail)));
        Assert.Empty(await Store.SecretsAudit.ListSecretsAuditAsync("nobody", 10, Ct));
    }
}
