using System;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Threading;
using Fixtures.Crash;

// Usage: CoverWeaver.Tests.Crash <progress file> <threads>
//
// Each thread loops: store "started = i" in a shared mapping of the progress file, call
// Work.Step (one woven line, one probe), store "finished = i", then spin outside that window.
// The mapping is MAP_SHARED like the counter files, so after a SIGKILL the file holds every
// store made before it: the counted line ran at least "finished" and at most "started" times
// per thread, and exactly that when the kill fell outside the window, as it mostly does.
var threads = int.Parse(args[1]);
using var map = MemoryMappedFile.CreateFromFile(args[0], FileMode.CreateNew, null, Progress.BytesPerThread * threads);
using var view = map.CreateViewAccessor();
var progress = new Progress(view, threads);
for (var t = 0; t < threads; t++)
{
    var slot = t;
    new Thread(() => progress.Run(slot)) { IsBackground = true }.Start();
}

Console.Out.WriteLine("READY " + Environment.ProcessId);
Console.Out.Flush();
while (true)
{
    Thread.Sleep(20);
    Console.Out.WriteLine("PROGRESS " + progress.Finished());
    Console.Out.Flush();
}

namespace Fixtures.Crash
{
    /// <summary>Per thread, two counters on a cache line pair of their own in the mapped progress file.</summary>
    internal sealed unsafe class Progress
    {
        public const int BytesPerThread = 128;

        private readonly byte* _start;
        private readonly int _threads;

        public Progress(MemoryMappedViewAccessor view, int threads)
        {
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            _start = start + view.PointerOffset;
            _threads = threads;
        }

        public void Run(int thread)
        {
            var mine = (long*)(_start + (thread * BytesPerThread));
            for (long i = 1; ; i++)
            {
                Volatile.Write(ref mine[0], i);
                Work.Step();
                Volatile.Write(ref mine[1], i);
                Thread.SpinWait(50);
            }
        }

        public long Finished()
        {
            long total = 0;
            for (var t = 0; t < _threads; t++)
            {
                total += Volatile.Read(ref ((long*)(_start + (t * BytesPerThread)))[1]);
            }

            return total;
        }
    }
}
