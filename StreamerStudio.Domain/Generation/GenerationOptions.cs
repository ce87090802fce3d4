namespace StreamerStudio.Domain.Generation;

/// <summary>How renders are run and recovered; see <see cref="GenerationWorker"/> for the recovery story.</summary>
public sealed class GenerationOptions
{
    public const string Section = "Generation";

    private static readonly int[] DefaultRetryDelaysSeconds = [5, 30, 120];

    /// <summary>
    /// Waits before each retry of a failed render. A job is started at most once more than there are delays
    /// (default 4 times), and a start whose process crashed counts like one that threw.
    /// Null by default because the configuration binder appends a configured array to an initialised one.
    /// </summary>
    public int[]? RetryDelaysSeconds { get; set; }

    /// <summary>
    /// Hangfire workers in this process; rendering is CPU-bound, so one per core. Not cores − 1 to spare the circuits:
    /// run.sh renders in a separate process under nice instead, which yields to the web process without idling a core
    /// (README, "Render workers and the UI").
    /// </summary>
    public int WorkerCount { get; set; } = Environment.ProcessorCount;

    /// <summary>Run the job server in the web process (off when separate worker processes do the work).</summary>
    public bool RunWorkerInWeb { get; set; } = true;

    /// <summary>
    /// How long after its worker stops (crashed, killed, cut off from the database) a job is handed to another
    /// worker. A live worker keeps its job however long it renders: Hangfire and our claim are both renewed
    /// while it works.
    /// </summary>
    public int WorkerTimeoutSeconds { get; set; } = 45;

    public IReadOnlyList<int> RetryDelays => RetryDelaysSeconds ?? DefaultRetryDelaysSeconds;

    /// <summary>Starts of one job, crashed ones included, before it fails for good.</summary>
    public int MaxAttempts => RetryDelays.Count + 1;

    /// <summary>Hangfire's invisibility timeout: a fetched job whose worker stopped renewing it is fetched again after this.</summary>
    public TimeSpan WorkerTimeout => TimeSpan.FromSeconds(WorkerTimeoutSeconds);

    /// <summary>
    /// A claim not renewed for this long may be taken over. Half the worker timeout: Hangfire renews its fetch
    /// every fifth of the timeout (and at most once a second), so when it hands a dead worker's job out again
    /// the claim has surely run out, and the new copy renders instead of being turned away as a duplicate.
    /// </summary>
    public TimeSpan ClaimLease => WorkerTimeout / 2;

    /// <summary>How often a live render renews its claim: several times per lease, so a slow write does not lose it.</summary>
    public TimeSpan ClaimRenewal => ClaimLease / 3;

    /// <summary>
    /// How often an idle worker looks for work nobody announced: a dead worker's job becoming visible again.
    /// New and retried jobs wake workers at once (LISTEN/NOTIFY), so this only bounds crash recovery.
    /// </summary>
    public TimeSpan QueuePollInterval => TimeSpan.FromSeconds(Math.Clamp(WorkerTimeoutSeconds / 5, 1, 15));
}
