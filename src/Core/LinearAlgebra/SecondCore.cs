using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Core.LinearAlgebra;

/// <summary>Work cut into two independent lanes that write disjoint memory: lane 0 and lane 1 may run at the same time or one after the other.</summary>
internal interface ITwoLaneWork
{
    /// <summary>Runs lane <paramref name="lane"/> (0 or 1).</summary>
    void Run(int lane);
}

/// <summary>
/// The process's second core for the CPU provider's own use: one worker thread that runs lane 1 of a piece of
/// <see cref="ITwoLaneWork"/> while the caller runs lane 0. It serves <see cref="SplitProduct"/> (two halves of one
/// product) and the training engine's unit shards (two halves of a Dense layer, its products, activations and updates).
/// </summary>
/// <remarks>
/// <para>One user at a time: a caller that finds the worker busy (another thread's training run, or a product inside a
/// lane) runs both lanes itself, one after the other. The lanes write disjoint memory and each lane's arithmetic is the
/// same wherever it runs, so the bits never depend on who got the worker.</para>
/// <para>The worker spins between jobs for <see cref="SpinTicks"/> before it blocks: a training loop hands over work every
/// few tens of microseconds, and waking a blocked thread costs about as much on a virtual machine (measured: a 76 µs
/// product took 140 µs split with a blocking hand-off), so it stays awake between them, as OpenBLAS's own threads do.</para>
/// </remarks>
internal static class SecondCore
{
    private static readonly object StartGate = new();
    private static Thread? worker;
    private static readonly SemaphoreSlim Wake = new(0);
    private static int busy;
    private static int claims;
    private static int phase; // Idle, Posted (the worker's lane is in pending), Finished.
    private static int sleeping;
    private static ITwoLaneWork? pending;
    private static Exception? failure;
    private const int Idle = 0, Posted = 1, Finished = 2;

    /// <summary>How long the worker spins for the next job before it blocks (0.5 ms).</summary>
    private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency / 2000;

    /// <summary>
    /// Marks a long computation (a Fit) as running on this thread until the claim is disposed. While two or more are claimed
    /// (seed runs or a search in parallel, which already keep every core busy) <see cref="Run"/> runs both lanes on the
    /// caller: a worker spinning beside them would take a core from one of them (measured: the lab report's MNIST part,
    /// two Fits at once, took 8.2 s with the worker against 4.8 s without).
    /// </summary>
    public static Claim ClaimForRun()
    {
        Interlocked.Increment(ref claims);
        return new Claim();
    }

    /// <summary>A claim of <see cref="ClaimForRun"/>; dispose it once.</summary>
    public readonly struct Claim : IDisposable
    {
        /// <summary>Ends the claim.</summary>
        public void Dispose() => Interlocked.Decrement(ref claims);
    }

    /// <summary>Whether layers run their lanes on two cores (<see cref="RunWhereTuned"/>): where the tuned OpenBLAS provider splits
    /// products itself (one OpenBLAS thread, a split size found to pay on this machine).</summary>
    public static bool Tuned =>
        OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds != long.MaxValue && LinearAlgebraControl.Provider is OpenBlasLinearAlgebraProvider;

    /// <summary>Runs both lanes of <paramref name="work"/>: through <see cref="Run"/> where <see cref="Tuned"/>, else here, lane 0 then lane 1.</summary>
    public static void RunWhereTuned(ITwoLaneWork work)
    {
        if (Tuned) Run(work);
        else
        {
            work.Run(0);
            work.Run(1);
        }
    }

    /// <summary>
    /// Runs both lanes of <paramref name="work"/>: lane 1 on the worker and lane 0 here when the worker is free and at
    /// most one computation has claimed the cores, else both here in order. Returns when both are done; an exception from
    /// either lane is rethrown here (lane 0's first).
    /// </summary>
    public static void Run(ITwoLaneWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Volatile.Read(ref claims) > 1 || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            work.Run(0);
            work.Run(1);
            return;
        }
        try
        {
            EnsureWorker();
            pending = work;
            failure = null;
            Volatile.Write(ref phase, Posted);
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref sleeping) == 1) Wake.Release();
            try
            {
                work.Run(0);
            }
            finally
            {
                // Even when lane 0 threw, the worker's lane reads and writes the caller's buffers: wait for it.
                WaitFor(Finished);
                pending = null;
                Volatile.Write(ref phase, Idle);
            }
            if (failure is { } e) throw new AggregateException("SecondCore: lane 1 failed.", e);
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    /// <summary>
    /// Waits until the worker's lane reaches <paramref name="state"/>: first with the shortest pauses for up to
    /// <see cref="TightSpinTicks"/> (a lane of the training step takes tens of microseconds, and <see cref="SpinWait"/>'s
    /// growing pauses and yields added 1–2 µs a step, measured), then as <see cref="SpinWait"/> does, yielding the core.
    /// </summary>
    private static void WaitFor(int state)
    {
        long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + TightSpinTicks;
        for (int n = 1; Volatile.Read(ref phase) != state; n++)
        {
            if (n % 64 == 0 && System.Diagnostics.Stopwatch.GetTimestamp() >= deadline) break;
            Thread.SpinWait(1);
        }
        var spinner = new SpinWait();
        while (Volatile.Read(ref phase) != state) spinner.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>How long <see cref="WaitFor"/> spins tightly (0.2 ms).</summary>
    private static readonly long TightSpinTicks = System.Diagnostics.Stopwatch.Frequency / 5000;

    private static void EnsureWorker()
    {
        if (worker is not null) return;
        lock (StartGate)
        {
            if (worker is not null) return;
            var thread = new Thread(Work) { IsBackground = true, Name = "Functional second core" };
            thread.Start();
            worker = thread;
        }
    }

    private static void Work()
    {
        while (true)
        {
            long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
            // The shortest pause between looks, and the clock read only every 64th: a hand-over is seen within ~0.1 µs.
            for (int n = 1; Volatile.Read(ref phase) != Posted && (n % 64 != 0 || System.Diagnostics.Stopwatch.GetTimestamp() < deadline); n++)
                Thread.SpinWait(1);
            if (Volatile.Read(ref phase) != Posted)
            {
                // Block; the caller and this thread each write their flag, fence, then read the other's, so one of them sees
                // the other: either the job is seen here, or the caller sees the sleeper and wakes it. A spare wake only loops.
                Volatile.Write(ref sleeping, 1);
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref phase) != Posted) Wake.Wait();
                Volatile.Write(ref sleeping, 0);
                continue;
            }
            try
            {
                pending!.Run(1);
            }
            catch (Exception e)
            {
                failure = e;
            }
            Volatile.Write(ref phase, Finished);
        }
    }
}
