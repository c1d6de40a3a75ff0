using System.Numerics;

namespace SimdActivations.Tests.Infrastructure;

/// <summary>The two floating-point formats under test.</summary>
public enum Precision
{
    Single,
    Double,
}

/// <summary>
/// ULP error as SLEEF's testers count it: both NaN → 0; one NaN → ∞; an exactly zero or infinite reference, or one
/// that overflows, must be matched exactly, sign included, and a zero result must carry the reference's sign;
/// otherwise |computed − reference| in units of the reference's ULP, where a reference below the smallest normal
/// (including one that rounds to zero) is measured with the smallest normal's ULP.
/// The difference is computed exactly (rational arithmetic), so the measure itself adds no error.
/// </summary>
public static class Ulp
{
    public static double Error(double computed, ExactValue reference, Precision precision)
    {
        if (reference.IsSpecial && double.IsNaN(reference.Special))
        {
            return double.IsNaN(computed) ? 0 : double.PositiveInfinity;
        }

        if (double.IsNaN(computed))
        {
            return double.PositiveInfinity;
        }

        double rounded = RoundToFormat(reference, precision);
        if (double.IsInfinity(rounded) || reference.IsSpecial)
        {
            // Bitwise: double.Equals treats −0 and +0 as equal.
            return BitConverter.DoubleToInt64Bits(computed) == BitConverter.DoubleToInt64Bits(rounded) ? 0 : double.PositiveInfinity;
        }

        if (computed == 0 && double.IsNegative(computed) != (reference.Sign < 0))
        {
            return double.PositiveInfinity;
        }

        if (double.IsInfinity(computed))
        {
            return double.PositiveInfinity;
        }

        int mantissaBits = precision == Precision.Single ? 23 : 52;
        int minExponent = precision == Precision.Single ? -126 : -1022;
        int exponent = Math.Max(Math.ILogB(Math.Abs(reference.Approximate)), minExponent);
        int ulpExponent = exponent - mantissaBits;

        // (computed − reference) / 2^ulpExponent as an exact fraction.
        (BigInteger cNum, BigInteger cDen) = ExactFraction(computed);
        (BigInteger rNum, BigInteger rDen) = reference.Fraction;
        BigInteger numerator = cNum * rDen - rNum * cDen;
        BigInteger denominator = cDen * rDen;
        if (ulpExponent >= 0)
        {
            denominator <<= ulpExponent;
        }
        else
        {
            numerator <<= -ulpExponent;
        }

        return Math.Abs(Divide(numerator, denominator));
    }

    /// <summary>The reference rounded to the format (to detect results that overflow or underflow to zero).</summary>
    public static double RoundToFormat(ExactValue reference, Precision precision)
    {
        if (reference.IsSpecial)
        {
            return reference.Special;
        }

        double value = reference.Approximate;
        return precision == Precision.Single ? (float)value : value;
    }

    private static (BigInteger Numerator, BigInteger Denominator) ExactFraction(double value)
    {
        if (value == 0)
        {
            return (BigInteger.Zero, BigInteger.One);
        }

        long bits = BitConverter.DoubleToInt64Bits(value);
        int biased = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        int exponent;
        if (biased == 0)
        {
            exponent = -1074;
        }
        else
        {
            mantissa |= 1L << 52;
            exponent = biased - 1075;
        }

        BigInteger numerator = value < 0 ? -(BigInteger)mantissa : mantissa;
        return exponent >= 0 ? (numerator << exponent, BigInteger.One) : (numerator, BigInteger.One << -exponent);
    }

    private static double Divide(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.IsZero)
        {
            return 0;
        }

        // Scale so the quotient keeps ≥ 64 significant bits before converting to double.
        long shift = Math.Max(0, 64 - (long)(numerator.GetBitLength() - denominator.GetBitLength()));
        BigInteger quotient = BigInteger.Divide(numerator << (int)shift, denominator);
        return Math.ScaleB((double)quotient, (int)-shift);
    }
}
