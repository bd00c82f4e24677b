using System;
using System.IO;
using System.Linq;
using System.Text;
using VmssAutoscale.Engine;
using VmssAutoscale.Sources;
using Xunit;

namespace VmssAutoscale.Tests.Engine
{
    /// <summary>The reader splits lines in its own character buffer; it must split them exactly where TextReader.ReadLine does.</summary>
    public class SampleCsvLineTests
    {
        private const string Header = "Instance,Timestamp,MetricName,Value";

        private static SampleRecord[] Read(string csv) => new SampleCsvReader(new StringReader(csv), "test").ReadAll().ToArray();

        [Theory]
        [InlineData("\n")]
        [InlineData("\r\n")]
        [InlineData("\r")]
        public void Every_line_ending_gives_the_same_samples_and_line_numbers(string eol)
        {
            var csv = Header + eol + "vm_0,2024-05-01T10:00:00Z,cpu,1" + eol + eol + "vm_1,2024-05-01T10:01:00Z,cpu,2.5" + eol + "vm_2,2024-05-01T10:02:00Z,cpu,3";
            var samples = Read(csv);
            Assert.Equal(new[] { "vm_0", "vm_1", "vm_2" }, samples.Select(s => s.Instance));
            Assert.Equal(new[] { 1.0, 2.5, 3.0 }, samples.Select(s => s.Value));
            // The blank line still counts, so messages name the line a person sees in an editor.
            Assert.Equal(new long[] { 2, 4, 5 }, samples.Select(s => s.Line));
        }

        [Fact]
        public void A_crlf_split_across_two_reads_is_one_line_ending()
        {
            // A reader that hands out one character per Read puts every \r at the end of a block.
            var csv = Header + "\r\nvm_0,2024-05-01T10:00:00Z,cpu,1\r\nvm_1,2024-05-01T10:01:00Z,cpu,2\r\n";
            var samples = new SampleCsvReader(new OneCharReader(csv), "test").ReadAll().ToArray();
            Assert.Equal(new long[] { 2, 3 }, samples.Select(s => s.Line));
        }

        [Fact]
        public void A_line_longer_than_the_buffer_is_read_whole()
        {
            var name = new string('x', 200_000);
            var samples = Read(Header + ",Note\nvm_0,2024-05-01T10:00:00Z,cpu,1," + name + "\nvm_1,2024-05-01T10:01:00Z,cpu,2,\n");
            Assert.Equal(2, samples.Length);
            Assert.Equal(2.0, samples[1].Value);
        }

        [Fact]
        public void Errors_name_the_line_after_many_buffers()
        {
            var sb = new StringBuilder(Header).Append('\n');
            for (var i = 0; i < 20_000; i++)
            {
                sb.Append("vm_").Append(i % 7).Append(",2024-05-01T10:00:00Z,cpu,1\n");
            }

            sb.Append("vm_0,2024-05-01T10:00:00Z,cpu,one\n");
            var e = Assert.Throws<SampleFormatException>(() => Read(sb.ToString()));
            Assert.Equal(20_002, e.Line);
            Assert.Equal("Value", e.Column);
        }

        [Fact]
        public void Non_ascii_names_and_a_utf8_byte_order_mark_read_as_written()
        {
            var bytes = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(Header + "\nvm_ä,2024-05-01T10:00:00Z,Prozessorzeit (%),1\n")).ToArray();
            var samples = new SampleCsvReader(new MemoryStream(bytes), "test").ReadAll().ToArray();
            Assert.Equal("vm_ä", samples[0].Instance);
            Assert.Equal("Prozessorzeit (%)", samples[0].MetricName);
        }

        [Fact]
        public void A_utf16_file_as_Out_File_writes_it_in_Windows_PowerShell_is_read()
        {
            var bytes = new UnicodeEncoding(false, true).GetPreamble().Concat(Encoding.Unicode.GetBytes(Header + "\r\nvm_0,2024-05-01T10:00:00Z,cpu,7\r\n")).ToArray();
            var samples = new SampleCsvReader(new MemoryStream(bytes), "test").ReadAll().ToArray();
            Assert.Equal(7.0, samples.Single().Value);
        }

        private sealed class OneCharReader : TextReader
        {
            private readonly string text;
            private int pos;

            public OneCharReader(string text)
            {
                this.text = text;
            }

            public override int Read(char[] buffer, int index, int count)
            {
                if (pos == text.Length || count == 0)
                {
                    return 0;
                }

                buffer[index] = text[pos++];
                return 1;
            }
        }
    }
}
