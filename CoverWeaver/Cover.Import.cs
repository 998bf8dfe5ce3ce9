using System;
using System.IO;
using CoverWeaver.Importing;

namespace CoverWeaver
{
    // Erlang's import/1: adding counts saved elsewhere to this process's.
    public static partial class Cover
    {
        /// <summary>
        /// Adds saved counts to the current ones, as Erlang's <c>cover:import/1</c> does. The path
        /// may be a file written by <see cref="Export"/>, a directory of counter files (see
        /// <see cref="PersistTo"/>), whose every <c>.cwcounters</c> file except this process's own is
        /// read, or one counter file, which is read with the other files of its process and
        /// assembly beside it. Modules this process does not have are added as imported modules
        /// that can be analysed. Everything is checked before anything is added: a damaged or
        /// truncated file, a module from another build or counting mode than the one known here, or
        /// a count that would pass 2^63 refuses the whole import, with a message naming the file.
        /// </summary>
        /// <returns>What was imported: the files read, and each module with its build.</returns>
        /// <exception cref="InvalidDataException">A file is damaged, or a module in it comes from another build or mode; nothing was imported.</exception>
        /// <exception cref="FileNotFoundException">Nothing is at the path, or the directory holds no counter file of another process.</exception>
        /// <exception cref="ArgumentException">The path is a counter file this process is writing itself.</exception>
        public static CoverImport Import(string path)
        {
            return Import(path, ImportFilter.All);
        }

        /// <summary>
        /// Adds saved counts as <see cref="Import(string)"/> does, taking only the data the filter
        /// keeps: <see cref="ImportFilter.ThisProcess"/> for the builds loaded here, from a directory
        /// that processes of several deployments share, or <see cref="ImportFilter.Build"/> for one
        /// build. What the filter leaves out is listed in <see cref="CoverImport.Skipped"/>.
        /// </summary>
        /// <exception cref="InvalidDataException">As for <see cref="Import(string)"/>, or the filter leaves nothing to import.</exception>
        /// <exception cref="FileNotFoundException">Nothing is at the path, or the directory holds no counter file of another process.</exception>
        public static CoverImport Import(string path, ImportFilter filter)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (filter == null)
            {
                throw new ArgumentNullException(nameof(filter));
            }

            return new Importer(filter).Import(path);
        }
    }
}
