using System.Diagnostics.CodeAnalysis;

namespace Fixtures.Woven
{
    public static class Excluded
    {
        public static int Run()
        {
            return Hidden.Run() + PartlyHidden.Skip() + PartlyHidden.Keep() + Holder.NotWoven.Run() + Skipped.ByNamespace.Run(); // hits 1
        }
    }

    [ExcludeFromCodeCoverage]
    public static class Hidden
    {
        public static int Run()
        {
            return 1;
        }
    }

    public static class PartlyHidden
    {
        [ExcludeFromCodeCoverage]
        public static int Skip()
        {
            return 1;
        }

        public static int Keep()
        {
            return 2;                                                   // hits 1
        }
    }

    public static class Holder
    {
        /// <summary>Excluded by the ExcludeTypes pattern in FodyWeavers.xml.</summary>
        public static class NotWoven
        {
            public static int Run()
            {
                return 3;
            }
        }
    }
}

namespace Fixtures.Woven.Skipped
{
    /// <summary>Excluded by the ExcludeNamespaces pattern in FodyWeavers.xml.</summary>
    public static class ByNamespace
    {
        public static int Run()
        {
            return 4;
        }
    }
}
