namespace VmssAutoscale.Azure { internal static class Placeholder {} }
