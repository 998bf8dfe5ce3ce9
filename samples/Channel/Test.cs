namespace ChannelDemo
{
    /// <summary>The manual's test module.</summary>
    public static class Test
    {
        /// <summary><c>s()</c>: start the server, allocate a channel, free it, stop.</summary>
        public static string S()
        {
            Channel.StartLink();
            var (ok, ch1) = ((string, object))Channel.Alloc()!;
            Channel.Free(ch1);
            return (string)Channel.Stop()!;
        }
    }
}
