namespace ChannelDemo
{
    /// <summary>An Erlang list: empty (<c>[]</c>) or a head and a tail (<c>[H|T]</c>), so clauses can match on it.</summary>
    public abstract record ChannelList
    {
        public static ChannelList Of(params object[] items)
        {
            ChannelList list = new Nil();
            for (var i = items.Length - 1; i >= 0; i--)
            {
                list = new Cons(items[i], list);
            }

            return list;
        }
    }

    /// <summary><c>[Head|Tail]</c>.</summary>
    public sealed record Cons(object Head, ChannelList Tail) : ChannelList;

    /// <summary><c>[]</c>.</summary>
    public sealed record Nil : ChannelList;

    /// <summary>The <c>stop</c> request.</summary>
    public sealed record StopRequest;

    /// <summary>The <c>alloc</c> request.</summary>
    public sealed record AllocRequest;

    /// <summary>The <c>{free,Channel}</c> request.</summary>
    public sealed record FreeRequest(object Channel);
}
