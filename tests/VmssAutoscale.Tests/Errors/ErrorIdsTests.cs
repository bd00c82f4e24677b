using System.Linq;
using System.Reflection;
using VmssAutoscale.Errors;
using Xunit;

namespace VmssAutoscale.Tests.Errors
{
    public class ErrorIdsTests
    {
        // Users catch errors by FullyQualifiedErrorId, so an id must read as its constant's name
        // (no accidental copy-paste of another id's value) and be unique.
        [Fact]
        public void EveryIdIsItsOwnNameAndUnique()
        {
            var fields = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral).ToList();
            Assert.NotEmpty(fields);
            foreach (var f in fields)
            {
                Assert.Equal(f.Name, (string)f.GetRawConstantValue()!);
            }

            Assert.Equal(fields.Count, fields.Select(f => (string)f.GetRawConstantValue()!).Distinct().Count());
        }
    }
}
