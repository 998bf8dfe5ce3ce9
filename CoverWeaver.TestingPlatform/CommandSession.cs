using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace CoverWeaver.TestingPlatform
{
    /// <summary>
    /// Names the session every test app of one <c>dotnet test</c> command shares. The platform's
    /// execution id cannot: each app makes its own. What the apps do share is the process that
    /// started them, <c>dotnet test</c> itself, so its id and start time name the command (the start
    /// time tells it from an earlier process that had the same id). An app under a test host
    /// controller (another extension's) is the controller's child; the controller names itself in
    /// the environment, and its parent is the command.
    /// </summary>
    internal static class CommandSession
    {
        /// <summary>Set by a test host controller in the test host it starts: the controller's process id.</summary>
        private const string ControllerVariable = "TESTINGPLATFORM_TESTHOSTCONTROLLER_PARENTPID";

        /// <summary>The command's session name, or null when the starting process cannot be found.</summary>
        public static string? Id()
        {
            try
            {
                var child = int.TryParse(Environment.GetEnvironmentVariable(ControllerVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var controller)
                    ? controller
                    : CurrentProcessId();
                var parent = ParentOf(child);
                if (parent == null)
                {
                    return null;
                }

                return "command-" + parent.Value.ToString(CultureInfo.InvariantCulture) + "-" + StartOf(parent.Value);
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is Win32Exception || e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                return null;
            }
        }

        private static int CurrentProcessId()
        {
            using var process = Process.GetCurrentProcess();
            return process.Id;
        }

        /// <summary>The parent process of <paramref name="pid"/>, or null where it cannot be read.</summary>
        internal static int? ParentOf(int pid)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return WindowsParentOf(pid);
            }

            var stat = Stat(pid);
            if (stat != null)
            {
                return stat.Length > 1 && int.TryParse(stat[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent) ? parent : (int?)null;
            }

            return PsParentOf(pid);
        }

        /// <summary>
        /// When <paramref name="pid"/> started, the same whichever process asks: on Linux the kernel's
        /// count of clock ticks since boot (.NET's StartTime adds a boot time it computes anew each
        /// time, which differs between processes by microseconds).
        /// </summary>
        private static string StartOf(int pid)
        {
            var stat = Stat(pid);
            if (stat != null && stat.Length > 19)
            {
                return stat[19];
            }

            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The fields of /proc/&lt;pid&gt;/stat after the name (state first), or null without /proc.</summary>
        private static string[]? Stat(int pid)
        {
            var path = "/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat";
            if (!File.Exists(path))
            {
                return null;
            }

            // "pid (name) state ppid ...": the name may hold spaces and parentheses, so read after the last ')'.
            var text = File.ReadAllText(path);
            return text.Substring(text.LastIndexOf(')') + 1).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        }

        /// <summary>macOS and other systems without /proc: <c>ps</c> says.</summary>
        private static int? PsParentOf(int pid)
        {
            var start = new ProcessStartInfo("ps", "-o ppid= -p " + pid.ToString(CultureInfo.InvariantCulture))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                CreateNoWindow = true,
            };
            using var ps = Process.Start(start);
            if (ps == null)
            {
                return null;
            }

            var output = ps.StandardOutput.ReadToEnd();
            ps.WaitForExit();
            return int.TryParse(output.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent) ? parent : (int?)null;
        }

        private static int? WindowsParentOf(int pid)
        {
            using var process = Process.GetProcessById(pid);
            var info = default(ProcessBasicInformation);
            var status = NtQueryInformationProcess(process.Handle, 0, ref info, Marshal.SizeOf<ProcessBasicInformation>(), out _);
            return status == 0 ? (int)info.InheritedFromUniqueProcessId.ToInt64() : (int?)null;
        }

        [DllImport("ntdll.dll")]
        private static extern int NtQueryInformationProcess(IntPtr process, int informationClass, ref ProcessBasicInformation information, int length, out int returned);

        [StructLayout(LayoutKind.Sequential)]
        private struct ProcessBasicInformation
        {
            public IntPtr ExitStatus;
            public IntPtr PebBaseAddress;
            public IntPtr AffinityMask;
            public IntPtr BasePriority;
            public IntPtr UniqueProcessId;
            public IntPtr InheritedFromUniqueProcessId;
        }
    }
}
