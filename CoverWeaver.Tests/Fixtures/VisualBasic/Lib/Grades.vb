Imports System.Collections.Generic
Imports System.Linq
Imports System.Threading.Tasks

' Expected line counts after App/Program.cs runs once. Rules shown here: method headers and
' End ... lines are block boundaries, like C#'s braces, and never count; Case tests count each
' time they are tried; Next counts each step of its loop; a line holding a lambda counts its
' most-run part.
Public Class Grades
    Public Shared Function Letter(score As Integer) As String
        If score >= 90 Then ' hits 3
            Return "A" ' hits 1
        ElseIf score >= 50 Then ' hits 2
            Return "C" ' hits 1
        Else
            Return "F" ' hits 1
        End If
    End Function

    Public Shared Function Describe(day As Integer) As String
        Select Case day ' hits 3
            Case 0, 6 ' hits 3
                Return "weekend" ' hits 1
            Case 1 To 5 ' hits 2
                Return "weekday" ' hits 2
            Case Else
                Return "unknown" ' hits 0
        End Select
    End Function

    Public Shared Function Scale(values As IEnumerable(Of Integer), factor As Integer) As List(Of Integer)
        Return values.Select(Function(v) v * factor).ToList() ' hits 3
    End Function

    Public Shared Async Function SumAsync(a As Integer, b As Integer) As Task(Of Integer)
        Dim x = Await Task.FromResult(a) ' hits 1
        Dim y = Await Task.Run(Function() b) ' hits 1
        Return x + y ' hits 1
    End Function

    Public Shared Iterator Function Evens(limit As Integer) As IEnumerable(Of Integer)
        For i = 0 To limit ' hits 1
            If i Mod 2 = 0 Then ' hits 5
                Yield i ' hits 3
            End If
        Next ' hits 5
    End Function
End Class
