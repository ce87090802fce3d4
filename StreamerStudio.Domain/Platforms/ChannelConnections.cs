using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Domain.Platforms;

/// <summary>Where to send the creator to consent, and the value the browser must bring back (set it as the connect cookie).</summary>
public sealed record ConnectStart(string AuthorizeUrl, string BrowserValue);

/// <summary>One connected account, as the Channels page shows it.</summary>
public sealed record ChannelCard(Guid ConnectionId, Platform Platform, string PlatformName, string Name, string? Handle, string? AvatarUrl,
    ConnectionStatus Status, bool IsReadOnly, IReadOnlyList<string> FeaturesOff, string? LastError, DateTimeOffset? LastSyncedAt);

/// <summary>A Connect button: whether it works here and now, and if not, why.</summary>
public sealed record ConnectChoice(Platform Platform, string Name, bool IsConnected, string? Unavailable, bool OverLimit, bool IsSandbox);

public sealed record ChannelsOverview(IReadOnlyList<ChannelCard> Channels, IReadOnlyList<ConnectChoice> Choices, ChannelLimit Limit);

/// <summary>What a connect ended with, carried back to the Channels page through the redirect.</summary>
public sealed record ConnectOutcome(bool Connected, string Message, string? WayOutHref = null, string? WayOutLabel = null);

/// <summary>
/// The one owner of a creator's channel connections: the OAuth connect flow (state hashed, single use, bound to the
/// user and the browser, ten minutes), the plan's channel limit (asked of <see cref="Plans"/>), tokens encrypted with
/// Data Protection, one refresher at a time per connection, and disconnect (revoke, delete, audit). Every call takes
/// the creator's id; another creator's connection is "not connected".
/// </summary>
public sealed partial class ChannelConnections(
    IDbContextFactory<StudioDbContext> dbFactory,
    IDataProtectionProvider dataProtection,
    PlatformApi api,
    AuditTrail audit,
    Notifications.NotificationService notifications,
    TimeProvider clock,
    ILogger<ChannelConnections> logger)
{
    public const string ConnectedAction = AuditTrail.Actions.ChannelConnected;
    public const string DisconnectedAction = AuditTrail.Actions.ChannelDisconnected;
    internal const string TokenPurpose = "StreamerStudio.PlatformTokens";
    public static readonly TimeSpan FlowLifetime = TimeSpan.FromMinutes(10);
    /// <summary>A token this close to expiry is refreshed first, so a sync that starts with it can finish with it.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private const string NotConnected = "That channel is not connected.";
    private const string StartAgain = "Start again from the Channels page; nothing was connected.";

    private IDataProtector Tokens => dataProtection.CreateProtector(TokenPurpose);
    private IDataProtector Verifiers => dataProtection.CreateProtector("StreamerStudio.PlatformPkce");
    private ITimeLimitedDataProtector Outcomes => dataProtection.CreateProtector("StreamerStudio.ConnectOutcome").ToTimeLimitedDataProtector();

    public async Task<ChannelsOverview> OverviewAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connections = await db.PlatformConnections.AsNoTracking().Where(c => c.UserId == userId)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var choices = new List<ConnectChoice>();
        ChannelLimit? limit = null;
        foreach (var provider in PlatformProvider.All)
        {
            var allowance = await Plans.CanConnectChannelAsync(db, userId, provider.Platform, cancellationToken);
            limit ??= allowance;
            var app = api.App(provider.Platform);
            var unavailable = !app.IsConfigured ? $"{provider.Name} is not set up on this server."
                : !allowance.Allowed ? allowance.Describe()
                : null;
            choices.Add(new ConnectChoice(provider.Platform, provider.Name, connections.Any(c => c.Platform == provider.Platform), unavailable,
                app.IsConfigured && !allowance.Allowed, app.IsSandbox));
        }

        var cards = connections.Select((c, position) =>
        {
            var provider = PlatformProvider.For(c.Platform);
            return new ChannelCard(c.Id, c.Platform, provider.Name, c.DisplayName ?? c.PlatformUsername ?? c.PlatformUserId, c.PlatformUsername, c.AvatarUrl,
                c.Status, Plans.IsChannelReadOnly(limit!.Limit, position), FeaturesOff(provider, c.Scopes), c.LastError, c.LastSyncedAt);
        }).ToList();
        return new ChannelsOverview(cards, choices, limit!);
    }

    /// <summary>
    /// Starts a connect (or, with <paramref name="reconnecting"/>, a reconnect of that connection): a single-use
    /// authorization row and the platform's consent URL. Refused when the platform is not set up or the plan is full.
    /// </summary>
    public async Task<ConnectStart> StartAsync(Guid userId, Platform platform, string redirectUri, Guid? reconnecting = null,
        CancellationToken cancellationToken = default)
    {
        var provider = PlatformProvider.For(platform);
        var app = api.App(platform);
        if (!app.IsConfigured)
        {
            throw new RequestRefusedException($"Connecting {provider.Name} is not set up on this server yet.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (reconnecting is { } connectionId &&
            !await db.PlatformConnections.AnyAsync(c => c.Id == connectionId && c.UserId == userId && c.Platform == platform, cancellationToken))
        {
            throw new RequestRefusedException(NotConnected);
        }

        var allowance = await Plans.CanConnectChannelAsync(db, userId, platform, cancellationToken);
        if (!allowance.Allowed)
        {
            throw new RequestRefusedException(allowance.Describe(), WayOut.Billing);
        }

        var now = clock.GetUtcNow();
        var state = RandomValue();
        var browser = RandomValue();
        var verifier = provider.UsesPkce ? RandomValue() : null;
        db.ChannelAuthorizations.Add(new ChannelAuthorization
        {
            UserId = userId,
            Platform = platform,
            StateHash = Hash(state),
            BrowserHash = Hash(browser),
            CodeVerifierEncrypted = verifier is null ? null : Verifiers.Protect(verifier),
            RedirectUri = redirectUri,
            RequestedScopes = [.. provider.Scopes.Select(s => s.Name)],
            CreatedAt = now,
            ExpiresAt = now + FlowLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        // Flows nobody finished are worth nothing after they expire.
        await db.ChannelAuthorizations.Where(a => a.UserId == userId && a.ExpiresAt < now - TimeSpan.FromDays(1)).ExecuteDeleteAsync(cancellationToken);

        var challenge = verifier is null ? null : Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return new ConnectStart(provider.AuthorizeUrl(app, state, redirectUri, challenge), browser);
    }

    /// <summary>
    /// Finishes a connect when the platform sends the creator back. Every check fails closed with a message and
    /// nothing stored: unknown state, another creator's or another browser's flow, expired, used before, cancelled,
    /// a code the platform refuses, a platform that answers badly, the plan full. Returns what to tell the creator.
    /// </summary>
    public async Task<string> CallbackAsync(Guid userId, Platform platform, string? browserValue, string? state, string? code, string? error,
        CancellationToken cancellationToken = default)
    {
        var provider = PlatformProvider.For(platform);
        if (string.IsNullOrEmpty(state))
        {
            throw new RequestRefusedException($"{provider.Name} sent you back without the connect's check value. {StartAgain}");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stateHash = Hash(state);
        var flow = await db.ChannelAuthorizations.AsNoTracking().SingleOrDefaultAsync(a => a.StateHash == stateHash && a.Platform == platform, cancellationToken);
        // Another creator's flow reads exactly like an unknown one: nothing tells a stranger it exists.
        if (flow is null || flow.UserId != userId)
        {
            throw new RequestRefusedException($"This connect link is not one we started for you. {StartAgain}");
        }

        if (string.IsNullOrEmpty(browserValue) || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(browserValue)), Encoding.ASCII.GetBytes(flow.BrowserHash)))
        {
            throw new RequestRefusedException($"This connect was started in another browser. {StartAgain}");
        }

        var now = clock.GetUtcNow();
        if (flow.ExpiresAt <= now)
        {
            throw new RequestRefusedException($"This connect took longer than {FlowLifetime.TotalMinutes:0} minutes. {StartAgain}");
        }

        // Single use, decided by the database: of two requests with the same state only one gets past here.
        var claimed = await db.ChannelAuthorizations.Where(a => a.Id == flow.Id && a.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.UsedAt, now), cancellationToken);
        if (claimed == 0)
        {
            throw new RequestRefusedException($"This connect link was used already. {StartAgain}");
        }

        if (!string.IsNullOrEmpty(error))
        {
            throw new RequestRefusedException(error == "access_denied"
                ? $"You cancelled on {provider.Name}; nothing was connected."
                // The error code is the platform's, but it arrives in a URL anyone can write: shown only if it looks like one.
                : $"{provider.Name} did not connect{(ErrorCode().IsMatch(error) ? $" ({error})" : "")}; nothing was connected. Try again, or later if it keeps happening.");
        }

        if (string.IsNullOrEmpty(code))
        {
            throw new RequestRefusedException($"{provider.Name} sent you back without a sign-in code. {StartAgain}");
        }

        var verifier = flow.CodeVerifierEncrypted is null ? null : Verifiers.Unprotect(flow.CodeVerifierEncrypted);
        TokenGrant grant;
        PlatformProfile profile;
        IReadOnlyList<string> granted;
        try
        {
            grant = await api.ExchangeCodeAsync(platform, code, flow.RedirectUri, verifier, cancellationToken);
            // A platform that does not list the granted scopes granted what was asked.
            granted = grant.Scopes ?? flow.RequestedScopes;
            profile = await api.ProfileAsync(platform, grant.AccessToken, [.. granted], cancellationToken);
        }
        catch (GrantRefusedException)
        {
            throw new RequestRefusedException($"{provider.Name} did not accept this sign-in (it may have been used already). {StartAgain}");
        }
        catch (PlatformUnavailableException)
        {
            throw new RequestRefusedException($"{provider.Name} is not answering properly right now; nothing was connected. Try again in a few minutes.");
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // One creator's connections change one at a time, so two tabs cannot both take the last slot.
            await Plans.LockCreatorAsync(db, userId, cancellationToken);
            var allowance = await Plans.CanConnectChannelAsync(db, userId, platform, cancellationToken);
            if (!allowance.Allowed)
            {
                await api.RevokeAsync(platform, grant.AccessToken, cancellationToken);
                throw new RequestRefusedException(allowance.Describe(), WayOut.Billing);
            }

            var connection = await db.PlatformConnections.SingleOrDefaultAsync(c => c.UserId == userId && c.Platform == platform, cancellationToken);
            if (connection is null)
            {
                connection = db.PlatformConnections.Add(new PlatformConnection
                {
                    UserId = userId, Platform = platform, PlatformUserId = profile.PlatformUserId, CreatedAt = now, NextSyncAt = now,
                }).Entity;
            }
            else if (connection.PlatformUserId != profile.PlatformUserId)
            {
                // Another account on the same platform: the old account's figures and content are not this one's.
                await db.Channels.Where(c => c.ConnectionId == connection.Id).ExecuteDeleteAsync(cancellationToken);
                (connection.LastSyncedAt, connection.NextSyncAt, connection.SyncFailures) = (null, now, 0);
            }

            connection.PlatformUserId = profile.PlatformUserId;
            connection.PlatformUsername = profile.Handle;
            connection.DisplayName = profile.Name;
            connection.AvatarUrl = profile.AvatarUrl;
            Store(connection, grant);
            connection.Scopes = [.. granted];
            connection.Status = ConnectionStatus.Connected;
            connection.LastError = null;
            connection.IsActive = true;
            connection.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);

            var channel = await db.Channels.SingleOrDefaultAsync(c => c.ConnectionId == connection.Id && c.PlatformChannelId == profile.PlatformUserId, cancellationToken)
                          ?? db.Channels.Add(new Channel
                          {
                              UserId = userId, ConnectionId = connection.Id, Platform = platform, PlatformChannelId = profile.PlatformUserId,
                              Name = profile.Name, IsPrimary = true, CreatedAt = now,
                          }).Entity;
            (channel.Name, channel.Handle, channel.AvatarUrl, channel.Url, channel.UpdatedAt) = (profile.Name, profile.Handle, profile.AvatarUrl, profile.Url, now);
            await db.SaveChangesAsync(cancellationToken);
            await audit.WriteAsync(userId, ConnectedAction, "platform_connection", connection.Id, null,
                new { platform = provider.Name, account = profile.Name, scopes = granted }, db, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var off = FeaturesOff(provider, granted);
        return $"{provider.Name} account {profile.Name} connected." +
               (off.Count == 0 ? "" : $" You did not allow {string.Join(", ", off)}, so {(off.Count == 1 ? "that is" : "those are")} off. Reconnect to turn {(off.Count == 1 ? "it" : "them")} on.");
    }

    /// <summary>
    /// A valid access token, refreshed first when it expires within <see cref="RefreshMargin"/> or when it is
    /// <paramref name="refused"/> (the token the platform just answered 401 to; if another caller has replaced it
    /// meanwhile, that newer token is returned instead of refreshing again). One
    /// refresher per connection (a row lock): a second caller waits and then uses the token the first stored, so a
    /// rotated refresh token is never lost. A refused refresh marks the connection <see cref="ConnectionStatus.NeedsReconnect"/>
    /// and throws <see cref="ChannelNeedsReconnectException"/>; a platform that answers badly throws
    /// <see cref="PlatformUnavailableException"/> and changes nothing.
    /// </summary>
    public async Task<string> AccessTokenAsync(Guid userId, Guid connectionId, string? refused = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.PlatformConnections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId && c.UserId == userId, cancellationToken)
                      ?? throw new RequestRefusedException(NotConnected);
        if (Usable(current, refused) is { } fresh)
        {
            return fresh;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM platform_connections WHERE id = {connectionId} FOR UPDATE", cancellationToken);
        // Read again under the lock: whoever held it may have refreshed already.
        var connection = await db.PlatformConnections.SingleOrDefaultAsync(c => c.Id == connectionId && c.UserId == userId, cancellationToken)
                         ?? throw new RequestRefusedException(NotConnected);
        if (Usable(connection, refused) is { } refreshedMeanwhile)
        {
            return refreshedMeanwhile;
        }

        var provider = PlatformProvider.For(connection.Platform);
        try
        {
            var refreshToken = connection.RefreshTokenEncrypted is null ? null : Tokens.Unprotect(connection.RefreshTokenEncrypted);
            var grant = refreshToken is null
                ? throw new GrantRefusedException(connection.Platform, "no refresh token")
                : await api.RefreshAsync(connection.Platform, refreshToken, cancellationToken);
            Store(connection, grant);
            if (grant.Scopes is { } scopes)
            {
                connection.Scopes = [.. scopes];
            }

            connection.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return grant.AccessToken;
        }
        catch (GrantRefusedException)
        {
            connection.Status = ConnectionStatus.NeedsReconnect;
            connection.LastError = $"{provider.Name} no longer accepts Streamer Studio's access (it was revoked or expired). Reconnect to resume syncing.";
            connection.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await notifications.ChannelNeedsReconnectAsync(db, connection, connection.LastError, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogNeedsReconnect(connectionId, connection.Platform);
            throw new ChannelNeedsReconnectException(connectionId, connection.LastError);
        }
    }

    /// <summary>
    /// Disconnects: revokes the grant at the platform (best effort: a failure is logged and does not stop it), deletes
    /// the connection with its channels, figures and content, and audits it.
    /// </summary>
    public async Task DisconnectAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await db.PlatformConnections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId && c.UserId == userId, cancellationToken)
                         ?? throw new RequestRefusedException(NotConnected);
        // Google revokes the whole grant from either token and keeps the refresh token longest; Twitch and TikTok take the access token.
        var encrypted = connection.Platform == Platform.Youtube ? connection.RefreshTokenEncrypted ?? connection.AccessTokenEncrypted : connection.AccessTokenEncrypted;
        var revoked = false;
        if (encrypted is not null && api.App(connection.Platform).IsConfigured)
        {
            string? token = null;
            try
            {
                token = Tokens.Unprotect(encrypted);
            }
            catch (CryptographicException)
            {
                LogTokenUnreadable(connectionId);
            }

            if (token is not null)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                revoked = await api.RevokeAsync(connection.Platform, token, timeout.Token);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.PlatformConnections.Where(c => c.Id == connectionId && c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await audit.WriteAsync(userId, DisconnectedAction, "platform_connection", connectionId,
            new { platform = PlatformProvider.For(connection.Platform).Name, account = connection.DisplayName ?? connection.PlatformUsername }, new { revoked }, db,
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The outcome, sealed for the redirect back to the Channels page: only this server can write one, only for this creator, for five minutes.</summary>
    public string SealOutcome(Guid userId, ConnectOutcome outcome) =>
        Outcomes.Protect(JsonSerializer.Serialize(new SealedOutcome(userId, outcome)), TimeSpan.FromMinutes(5));

    /// <summary>The outcome a redirect carried; null when it is not ours, not this creator's or too old.</summary>
    public ConnectOutcome? OpenOutcome(Guid userId, string? sealedOutcome)
    {
        if (string.IsNullOrEmpty(sealedOutcome))
        {
            return null;
        }

        try
        {
            var opened = JsonSerializer.Deserialize<SealedOutcome>(Outcomes.Unprotect(sealedOutcome));
            return opened?.UserId == userId ? opened.Outcome : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private sealed record SealedOutcome(Guid UserId, ConnectOutcome Outcome);

    private string? Usable(PlatformConnection connection, string? refused)
    {
        if (connection.Status == ConnectionStatus.NeedsReconnect)
        {
            throw new ChannelNeedsReconnectException(connection.Id, connection.LastError ?? "This channel needs to be reconnected.");
        }

        var token = connection.AccessTokenEncrypted is { } encrypted &&
                    (connection.TokenExpiresAt is null || connection.TokenExpiresAt > clock.GetUtcNow() + RefreshMargin)
            ? Tokens.Unprotect(encrypted)
            : null;
        return token == refused ? null : token;
    }

    /// <summary>Keeps whatever refresh token came back (TikTok always rotates, Twitch may); Google sends none on refresh, so the old one stays.</summary>
    private void Store(PlatformConnection connection, TokenGrant grant)
    {
        connection.AccessTokenEncrypted = Tokens.Protect(grant.AccessToken);
        if (grant.RefreshToken is { Length: > 0 } refresh)
        {
            connection.RefreshTokenEncrypted = Tokens.Protect(refresh);
            connection.RefreshTokenExpiresAt = grant.RefreshExpiresAt;
        }

        connection.TokenExpiresAt = grant.ExpiresAt;
    }

    private static List<string> FeaturesOff(PlatformProvider provider, IReadOnlyCollection<string> granted) =>
        [.. provider.Scopes.Where(s => !granted.Contains(s.Name)).Select(s => s.Feature)];

    private static string RandomValue() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    internal static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    [GeneratedRegex("^[a-z_]{1,40}$")]
    private static partial Regex ErrorCode();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} on {Platform} needs reconnecting: the platform refused the refresh")]
    private partial void LogNeedsReconnect(Guid connectionId, Platform platform);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId}: the stored token cannot be decrypted; not revoked at the platform")]
    private partial void LogTokenUnreadable(Guid connectionId);
}
