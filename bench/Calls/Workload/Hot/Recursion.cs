using System;

namespace CoverWeaver.Bench.Calls.Hot
{
    public sealed record TreeNode(int Value, TreeNode? Left, TreeNode? Right);

    /// <summary>Recursion with a tiny body: naive Fibonacci, and a sum over a tree of records.</summary>
    public sealed class Recursion
    {
        /// <summary>The argument of <see cref="Fib"/> in one pass (it is entered 2·fib(Depth+1)−1 times).</summary>
        public const int Depth = 20;

        private readonly TreeNode _tree;

        public Recursion(int treeDepth)
        {
            var random = new Random(14);
            _tree = Build(random, treeDepth)!;
        }

        public long Pass() => Fib(Depth) + Sum(_tree);

        public static int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);

        private static long Sum(TreeNode? node) => node is null ? 0 : node.Value + Sum(node.Left) + Sum(node.Right);

        private static TreeNode? Build(Random random, int depth) =>
            depth == 0 ? null : new TreeNode(random.Next(1000), Build(random, depth - 1), Build(random, depth - 1));
    }
}
