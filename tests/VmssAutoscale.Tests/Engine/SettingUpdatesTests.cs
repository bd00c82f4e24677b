using System;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using static VmssAutoscale.Tests.Engine.Kit;

namespace VmssAutoscale.Tests.Engine
{
    /// <summary>
    /// The setting's writes in the activity log, which clear every rule's cooldown ("Updating an autoscale
    /// setting resets the scale action timestamp", autoscale-understanding-settings.md, ms.date 08/19/2026).
    /// </summary>
    public class SettingUpdatesTests
    {
        private const string Setting = "/subscriptions/s/resourceGroups/rg/providers/microsoft.insights/autoscalesettings/web-autoscale";
        private const string Other = "/subscriptions/s/resourceGroups/rg/providers/microsoft.insights/autoscalesettings/other";

        private static ActivityLogRecord Write(string at, string status = "Succeeded", string? resource = Setting, string operation = SettingUpdates.WriteOperation) =>
            new ActivityLogRecord { EventTimestamp = Utc(at), OperationName = operation, Status = status, ResourceId = resource };

        [Fact]
        public void Only_successful_writes_of_this_setting_up_to_now_count_oldest_first()
        {
            var records = new[]
            {
                Write("2024-05-01T10:20"),
                Write("2024-05-01T10:05"),
                Write("2024-05-01T10:10", status: "Started"),
                Write("2024-05-01T10:12", status: "Failed"),
                Write("2024-05-01T10:15", resource: Other),
                Write("2024-05-01T10:16", operation: "Microsoft.Compute/virtualMachineScaleSets/write"),
                Write("2024-05-01T10:40"),
            };
            Assert.Equal(new[] { Utc("2024-05-01T10:05"), Utc("2024-05-01T10:20") }, SettingUpdates.Times(records, Setting.ToUpperInvariant(), Utc("2024-05-01T10:30")));
            Assert.Equal(Utc("2024-05-01T10:20"), SettingUpdates.Latest(records, Setting, Utc("2024-05-01T10:30")));
            Assert.Null(SettingUpdates.Latest(records, Setting, Utc("2024-05-01T10:00")));
        }
    }
}
