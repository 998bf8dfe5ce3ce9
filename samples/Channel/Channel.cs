namespace ChannelDemo
{
    /// <summary>The manual's channel server, clause for clause: one expression per line where the Erlang has one.</summary>
    public static class Channel
    {
        public static GenServer StartLink()
        {
            return GenServer.StartLink("channel", typeof(Channel));
        }

        public static object? Stop()
        {
            return GenServer.Call("channel", new StopRequest());
        }

        // Client interface functions

        public static object? Alloc()
        {
            return GenServer.Call("channel", new AllocRequest());
        }

        public static object? Free(object channel)
        {
            return GenServer.Call("channel", new FreeRequest(channel));
        }

        // gen_server callback functions

        public static object Init(object arg)
        {
            return ("ok", Channels());
        }

        public static object HandleCall(StopRequest request, object client, ChannelList channels)
        {
            return ("stop", "normal", "ok", channels);
        }

        public static object HandleCall(AllocRequest request, object client, ChannelList channels)
        {
            var (ch, channels2) = ((object, ChannelList))(channels is Cons cons ? Alloc(cons) : Alloc((Nil)channels));
            return ("reply", ("ok", ch), channels2);
        }

        public static object HandleCall(FreeRequest request, object client, ChannelList channels)
        {
            var channels2 = Free(request.Channel, channels);
            return ("reply", "ok", channels2);
        }

        public static object Terminate(object reason, ChannelList channels)
        {
            return "ok";
        }

        // Internal functions

        private static ChannelList Channels()
        {
            return ChannelList.Of("ch1", "ch2", "ch3");
        }

        private static object Alloc(Cons channels)
        {
            return (channels.Head, channels.Tail);
        }

        private static object Alloc(Nil channels)
        {
            return false;
        }

        private static ChannelList Free(object channel, ChannelList channels)
        {
            return new Cons(channel, channels);
        }
    }
}
