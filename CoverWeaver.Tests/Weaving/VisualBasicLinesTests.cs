using CoverWeaver.Fody.Instrumentation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>VB's block starts, block ends and bare jumps are not executable; code that runs is.</summary>
    [TestClass]
    public sealed class VisualBasicLinesTests
    {
        [TestMethod]
        [DataRow("Public Shared Function Letter(score As Integer) As String")]
        [DataRow("Private Async Function SumAsync() As Task(Of Integer)")]
        [DataRow("Public Iterator Function Evens(limit As Integer) As IEnumerable(Of Integer)")]
        [DataRow("Sub Main()")]
        [DataRow("Get")]
        [DataRow("Set(value As Integer)")]
        [DataRow("Function(v)")]
        [DataRow("End Function")]
        [DataRow("End If")]
        [DataRow("End Using")]
        [DataRow("end  select")]
        [DataRow("Exit For")]
        [DataRow("Continue Do")]
        [DataRow("GoTo retry")]
        [DataRow("Loop")]
        [DataRow("Try")]
        [DataRow("Finally")]
        public void BlockBoundariesAndBareJumpsAreNotExecutable(string text)
        {
            Assert.IsTrue(VisualBasicLines.IsBlockBoundary(text), text);
        }

        [TestMethod]
        [DataRow("Public Sub New(name As String)")]
        [DataRow("Sub New()")]
        [DataRow("End")]
        [DataRow("Next")]
        [DataRow("Next i")]
        [DataRow("Loop Until done")]
        [DataRow("Case 1 To 5")]
        [DataRow("Return x + y")]
        [DataRow("Dim f = Function(v) v * 2")]
        [DataRow("Functions.Run()")]
        [DataRow("EndPoint.Open()")]
        public void CodeThatRunsIsExecutable(string text)
        {
            Assert.IsFalse(VisualBasicLines.IsBlockBoundary(text), text);
        }

        [TestMethod]
        public void OnlyVisualBasicDocumentsFollowTheseRules()
        {
            Assert.IsTrue(VisualBasicLines.IsVisualBasic("/src/Grades.vb"));
            Assert.IsFalse(VisualBasicLines.IsVisualBasic("/src/Grades.cs"));
            Assert.IsFalse(VisualBasicLines.IsVisualBasic("/src/Shapes.fs"));
        }
    }
}
