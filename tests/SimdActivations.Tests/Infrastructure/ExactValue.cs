using System.Globalization;
using System.Numerics;

namespace SimdActivations.Tests.Infrastructure;

/// <summary>
/// A reference value from a table, kept exactly as written (a decimal with up to 25 significant digits) so that
/// double results can be measured against it to a small fraction of an ULP: parsing it into a double would itself
/// cost up to half an ULP.
/// </summary>
public readonly struct ExactValue
{
    private readonly BigInteger _digits;   // value = _digits · 10^_exponent10 (finite, nonzero)
    private readonly int _exponent10;

    private ExactValue(double special, BigInteger digits, int exponent10)
    {
        Special = special;
        _digits = digits;
        _exponent10 = exponent10;
    }

    /// <summary>NaN, ±∞ or ±0 for special values; 0 (positive) with <see cref="IsSpecial"/> false otherwise.</summary>
    public double Special { get; }

    public bool IsSpecial => _digits.IsZero;

    /// <summary>The value rounded to double (for display and coarse checks).</summary>
    public double Approximate => IsSpecial ? Special : double.Parse(ToString(), CultureInfo.InvariantCulture);

    public static ExactValue Parse(string text)
    {
        text = text.Trim();
        switch (text)
        {
            case "nan": return new(double.NaN, BigInteger.Zero, 0);
            case "inf": return new(double.PositiveInfinity, BigInteger.Zero, 0);
            case "-inf": return new(double.NegativeInfinity, BigInteger.Zero, 0);
        }

        int e = text.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? text : text[..e];
        string exponentText = e < 0 ? "0" : text[(e + 1)..];
        long exponent = exponentText.TrimStart('+', '-').Length > 15
            ? (exponentText.StartsWith('-') ? long.MinValue : long.MaxValue)
            : long.Parse(exponentText, CultureInfo.InvariantCulture);
        bool negative = mantissa.StartsWith('-');

        // Values far outside double's range (the generator writes e.g. σ(−3e38) exactly) round to ±0 or ±∞ in
        // every format under test; only their sign matters.
        if (exponent < -400)
        {
            return new(negative ? -0.0 : 0.0, BigInteger.Zero, 0);
        }

        if (exponent > 400)
        {
            return new(negative ? double.NegativeInfinity : double.PositiveInfinity, BigInteger.Zero, 0);
        }

        mantissa = mantissa.TrimStart('-', '+');
        int dot = mantissa.IndexOf('.');
        if (dot >= 0)
        {
            exponent -= mantissa.Length - dot - 1;
            mantissa = mantissa.Remove(dot, 1);
        }

        BigInteger digits = BigInteger.Parse(mantissa, CultureInfo.InvariantCulture);
        if (digits.IsZero)
        {
            return new(negative ? -0.0 : 0.0, BigInteger.Zero, 0);
        }

        return new(0, negative ? -digits : digits, (int)exponent);
    }

    /// <summary>The exact value as a fraction numerator/denominator (denominator positive).</summary>
    public (BigInteger Numerator, BigInteger Denominator) Fraction =>
        _exponent10 >= 0 ? (_digits * BigInteger.Pow(10, _exponent10), BigInteger.One) : (_digits, BigInteger.Pow(10, -_exponent10));

    /// <summary>The exact product with a double (a finite binary fraction is a finite decimal: 2^−k = 5^k·10^−k).</summary>
    public ExactValue Times(double factor)
    {
        if (IsSpecial || factor == 0 || !double.IsFinite(factor))
        {
            return new(Approximate * factor, BigInteger.Zero, 0);
        }

        long bits = BitConverter.DoubleToInt64Bits(factor);
        int biased = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        int exponent = biased == 0 ? -1074 : biased - 1075;
        if (biased != 0)
        {
            mantissa |= 1L << 52;
        }

        BigInteger m = factor < 0 ? -(BigInteger)mantissa : mantissa;
        return exponent >= 0
            ? new(0, _digits * m * BigInteger.Pow(2, exponent), _exponent10)
            : new(0, _digits * m * BigInteger.Pow(5, -exponent), _exponent10 + exponent);
    }

    public int Sign => IsSpecial ? Math.Sign(Special) : _digits.Sign;

    public override string ToString() =>
        IsSpecial ? Special.ToString("R", CultureInfo.InvariantCulture) : $"{_digits}e{_exponent10}";
}
