using System.Runtime.InteropServices;

namespace SimdActivations.Tests.Infrastructure;

/// <summary>
/// Memory whose span ends (or starts) exactly at an inaccessible page, so that reading or writing one element past
/// the end (or before the start) crashes the test run with SIGSEGV instead of passing unnoticed — the technique of
/// dotnet/runtime's BoundedMemory. Linux only (mmap/mprotect through libc); elsewhere it falls back to an array.
/// </summary>
public sealed unsafe class GuardedBuffer<T> : IDisposable where T : unmanaged
{
    private const int ProtectNone = 0;
    private const int ProtectReadWrite = 3;
    private const int MapPrivateAnonymous = 0x02 | 0x20;

    private readonly byte* _mapping;
    private readonly nuint _mappingLength;
    private readonly T[]? _fallback;

    public GuardedBuffer(int length, bool guardAfter = true)
    {
        Length = length;
        if (!OperatingSystem.IsLinux())
        {
            _fallback = new T[length];
            return;
        }

        nuint page = (nuint)Environment.SystemPageSize;
        nuint bytes = (nuint)(length * sizeof(T));
        nuint dataPages = (bytes + page - 1) / page;
        _mappingLength = (dataPages + 2) * page;
        _mapping = (byte*)Libc.Mmap(null, _mappingLength, ProtectNone, MapPrivateAnonymous, -1, 0);
        if (_mapping == (byte*)-1)
        {
            throw new InvalidOperationException($"mmap failed: errno {Marshal.GetLastPInvokeError()}");
        }

        // [guard page][data pages][guard page]: only the data pages are accessible.
        if (Libc.Mprotect(_mapping + page, dataPages * page, ProtectReadWrite) != 0)
        {
            throw new InvalidOperationException($"mprotect failed: errno {Marshal.GetLastPInvokeError()}");
        }

        byte* start = guardAfter ? _mapping + page + dataPages * page - bytes : _mapping + page;
        Pointer = (T*)start;
    }

    public int Length { get; }

    public T* Pointer { get; }

    public Span<T> Span => _fallback ?? new Span<T>(Pointer, Length);

    public void Dispose()
    {
        if (_mapping is not null)
        {
            _ = Libc.Munmap(_mapping, _mappingLength);
        }
    }

}

internal static unsafe class Libc
{
    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static extern void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    public static extern int Mprotect(void* address, nuint length, int protection);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static extern int Munmap(void* address, nuint length);
}
