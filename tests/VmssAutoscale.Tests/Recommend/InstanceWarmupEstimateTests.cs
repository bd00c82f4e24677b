using System;
using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Recommend;
using Xunit;

namespace VmssAutoscale.Tests.Recommend
{
    public sealed class InstanceWarmupEstimateTests
    {
        private static readonly DateTime T0 = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);

        private static ScaleEvent Event(string direction, string status, double? minutes, int index = 0) => new ScaleEvent
        {
            Time = T0.AddHours(index),
            EndTime = minutes is double m ? T0.AddHours(index).AddMinutes(m) : (DateTime?)null,
            Direction = direction,
            Status = status,
        };

        [Fact]
        public void OddCountTakesTheMiddleDuration()
        {
            var events = new[] { 9.0, 3.0, 4.0 }.Select((m, i) => Event(ScaleEventDirection.Out, "Succeeded", m, i));

            Assert.Equal((TimeSpan.FromMinutes(4), 3), InstanceWarmupEstimate.FromEvents(events));
        }

        [Fact]
        public void EvenCountAveragesTheTwoMiddleDurations()
        {
            var events = new[] { 2.0, 3.0, 5.0, 40.0 }.Select((m, i) => Event(ScaleEventDirection.Out, "Succeeded", m, i));

            Assert.Equal((TimeSpan.FromMinutes(4), 4), InstanceWarmupEstimate.FromEvents(events));
        }

        [Fact]
        public void OnlySucceededScaleOutsWithAnEndCount()
        {
            var events = new[]
            {
                Event(ScaleEventDirection.Out, "Succeeded", 6, 0),
                Event(ScaleEventDirection.In, "Succeeded", 1, 1),
                Event(ScaleEventDirection.Out, "Failed", 30, 2),
                Event(ScaleEventDirection.Out, "Started", null, 3),
                Event(ScaleEventDirection.Out, "Succeeded", null, 4),
            };

            Assert.Equal((TimeSpan.FromMinutes(6), 1), InstanceWarmupEstimate.FromEvents(events));
        }

        [Fact]
        public void NoScaleOutGivesNoEstimate()
        {
            Assert.Null(InstanceWarmupEstimate.FromEvents(new[] { Event(ScaleEventDirection.In, "Succeeded", 3) }));
        }
    }
}
