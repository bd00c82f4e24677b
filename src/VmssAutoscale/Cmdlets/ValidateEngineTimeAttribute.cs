using System;
using System.Management.Automation;
using VmssAutoscale.Engine;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Refuses a time the engine cannot compute with (see <see cref="TimeLimits"/>) while the
    /// parameter is bound, so the user sees which parameter is wrong instead of an overflow later.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateEngineTimeAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject ps ? ps.BaseObject : arguments;
            if (value is DateTime time && !TimeLimits.Contains(time))
            {
                throw new ValidationMetadataException(TimeLimits.OutOfRange($"The time {time:yyyy-MM-dd HH:mm:ss}") + ".");
            }
        }
    }
}
