namespace VmssAutoscale.Tests
{
    /// <summary>
    /// A test over the optional public corpus (TestFiles.CorpusRoot). When the corpus is not beside the
    /// checkout the test is reported as skipped with the reason, never as passed.
    /// </summary>
    public sealed class CorpusFactAttribute : FactAttribute
    {
        public CorpusFactAttribute()
        {
            if (TestFiles.CorpusRoot == null)
            {
                Skip = "corpus suite not run: ../shared/fixtures is not present beside this checkout (set VMSSAUTOSCALE_CORPUS to its path)";
            }
        }
    }

    /// <inheritdoc cref="CorpusFactAttribute"/>
    public sealed class CorpusTheoryAttribute : TheoryAttribute
    {
        public CorpusTheoryAttribute()
        {
            if (TestFiles.CorpusRoot == null)
            {
                Skip = "corpus suite not run: ../shared/fixtures is not present beside this checkout (set VMSSAUTOSCALE_CORPUS to its path)";
            }
        }
    }
}
