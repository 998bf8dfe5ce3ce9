namespace CoverWeaver
{
    /// <summary>What <see cref="CoverPush"/> sends.</summary>
    public enum PushFormat
    {
        /// <summary>The export format (what <see cref="Cover.Export"/> writes), as <c>application/vnd.coverweaver.coverage</c>.</summary>
        CoverWeaver,

        /// <summary>A Coveralls job as JSON: per source file its name, MD5 digest and a count or null per line.</summary>
        Coveralls,
    }
}
