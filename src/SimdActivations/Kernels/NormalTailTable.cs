using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdActivations.Kernels;

/// <summary>
/// GELU's Gaussian tail for float lanes as tables over 32 intervals of a = |x|, a quarter of a binade each over
/// [1/16, 16) (the first extended down to 0), each a degree-6 polynomial in a minus the interval's midpoint with c₀
/// as a float pair: F(a) = e^(a²/2)·Φ(−a) for the forward (<see cref="VectorMath.TimesNormalTailTabulated{TV}"/>;
/// <c>python3 tools/minimax/remez.py normal-tail-table-single</c>, worst relative error 2.4e−9 with the rounded
/// coefficients) and M(a) = (F(a) − a/√(2π))/(a₀ − a) for the derivative
/// (<see cref="VectorMath.ScaledNormalTailDifferenceTabulated{TV}"/>; <c>normal-tail-difference-table-single</c>,
/// 1.7e−10). Lane j of each table holds the interval whose index (a's bits shifted right by 21: the exponent and two
/// mantissa bits) is j modulo 32. The piecewise fit in a itself replaces the rational variable t = c/(c + a) of
/// <see cref="VectorMath.NormalTail{TV}"/>: no division, and no correction for t's rounding, whose chain of
/// dependent operations held GELU at 2.05 elements/ns on Zen 5 (3.1 with the tables).
/// </summary>
internal static class NormalTailTable
{
    /// <summary>
    /// Whether GELU's float (and Half) lanes take the tables (<see cref="TabulatedNormalTail"/>, chosen in
    /// <see cref="Activations.Gelu{T}(ReadOnlySpan{T}, Span{T}, GeluApproximation)"/>): where AVX-512 looks up a
    /// 32-entry table in one <c>vpermt2ps</c> and the 512-bit vectors carry the loops. The narrower widths then serve
    /// only inputs shorter than 16 elements and take the same tables lane by lane, so every width and the scalar path
    /// agree bit for bit; elsewhere every path keeps the rational-variable kernel of
    /// <see cref="VectorMath.NormalTail{TV}"/>.
    /// </summary>
    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Avx512F.IsSupported & Vector512.IsHardwareAccelerated;
    }

    public static ReadOnlySpan<float> F0High =>
    [
        0.153651938f, 0.130724728f, 0.113452062f, 0.100039206f, 0.084803395f, 0.0703426972f, 0.0600156747f,
        0.0522930957f, 0.0437987894f, 0.03597489f, 0.0305094142f, 0.0264794882f, 0.473140597f, 0.467481107f,
        0.461928219f, 0.4564794f, 0.448495835f, 0.438192666f, 0.428263187f, 0.418690115f, 0.404963344f, 0.387763351f,
        0.371722311f, 0.356740683f, 0.336061448f, 0.311434001f, 0.289695084f, 0.270412415f, 0.245331392f, 0.217639819f,
        0.195023105f, 0.176290885f,
    ];

    public static ReadOnlySpan<float> F0Low =>
    [
        -4.06751299e-10f, 5.99054628e-09f, 1.1875026e-10f, 3.1873657e-09f, -2.86124346e-09f, -3.1789591e-09f,
        6.64341193e-10f, 1.3796817e-09f, -5.05597841e-10f, -3.73377079e-10f, 3.45753259e-10f, 7.60490892e-10f,
        -7.41521999e-09f, -5.91841909e-09f, 2.75629808e-09f, -5.53104407e-09f, 1.93577065e-09f, -2.13240714e-09f,
        -1.1587483e-08f, -3.11720538e-09f, 8.40700398e-10f, 1.84483129e-09f, -1.1488412e-08f, -6.33777608e-09f,
        -1.42683323e-08f, -1.35794282e-08f, -1.08133875e-08f, 6.68560818e-10f, -2.7573237e-09f, 4.86470064e-09f,
        5.36737543e-09f, 6.7430741e-09f,
    ];

    public static ReadOnlySpan<float> F1 =>
    [
        -0.0532254204f, -0.0394492634f, -0.030223079f, -0.0237952452f, -0.0173270162f, -0.0120574636f, -0.00884039048f,
        -0.00674405228f, -0.00475318125f, -0.00321849482f, -0.00231989194f, -0.00174994546f, -0.365674585f,
        -0.358768135f, -0.352027684f, -0.345448613f, -0.335872561f, -0.323627919f, -0.311951309f, -0.300811797f,
        -0.285046339f, -0.265648633f, -0.247930095f, -0.23172009f, -0.209907725f, -0.184831411f, -0.16356504f,
        -0.145430639f, -0.122944467f, -0.0996875241f, -0.0820297301f, -0.0683968589f,
    ];

    public static ReadOnlySpan<float> F2 =>
    [
        0.0169473682f, 0.011119633f, 0.00761352852f, 0.0054035224f, 0.00341590983f, 0.00201332313f, 0.00127656793f,
        0.000856353552f, 0.000510081882f, 0.000285724702f, 0.00017540947f, 0.000115153904f, 0.223714605f, 0.218324751f,
        0.213087693f, 0.207998589f, 0.200631887f, 0.191284567f, 0.182449013f, 0.174093693f, 0.162397027f, 0.148223326f,
        0.135500342f, 0.124060944f, 0.108994171f, 0.0921811908f, 0.0783992484f, 0.0670355931f, 0.0535094291f,
        0.0402847417f, 0.030862404f, 0.0240233894f,
    ];

    public static ReadOnlySpan<float> F3 =>
    [
        -0.00503127277f, -0.00295664929f, -0.00182633393f, -0.00117729348f, -0.000651781098f, -0.000328051217f,
        -0.00018089998f, -0.000107129388f, -5.4142336e-05f, -2.51728015e-05f, -1.31894139e-05f, -7.54542089e-06f,
        -0.116629019f, -0.112706617f, -0.110703781f, -0.106403247f, -0.102455691f, -0.0968830511f, -0.0918057039f,
        -0.0865122154f, -0.0797924772f, -0.0715477616f, -0.0642999783f, -0.0578494594f, -0.0495316423f, -0.0404885486f,
        -0.033283405f, -0.0275291372f, -0.0209156442f, -0.0147650596f, -0.010625422f, -0.00778437685f,
    ];

    public static ReadOnlySpan<float> F4 =>
    [
        0.00140681409f, 0.000747095852f, 0.000419451942f, 0.000247090065f, 0.000120696335f, 5.2243362e-05f,
        2.51807996e-05f, 1.3212154e-05f, 5.68755286e-06f, 2.20155357e-06f, 9.86394866e-07f, 4.92364961e-07f,
        0.0546618327f, 0.051190801f, 0.0511465259f, 0.0478347354f, 0.046445623f, 0.0435519852f, 0.0412068292f,
        0.0382064804f, 0.0349994786f, 0.0308823548f, 0.0273645446f, 0.0242311303f, 0.0202816296f, 0.0160902143f,
        0.0128325764f, 0.010308519f, 0.0074952743f, 0.00499526225f, 0.00339827896f, 0.00235707429f,
    ];

    public static ReadOnlySpan<float> F5 =>
    [
        -0.000374914816f, -0.000182322459f, -9.33297997e-05f, -5.08608537e-05f, -2.19935755e-05f, -8.2266597e-06f,
        -3.46187176e-06f, -1.62578669e-06f, -6.02373348e-07f, -1.93874953e-07f, -7.39114938e-08f, -3.22943947e-08f,
        -0.0105666574f, -7.37897158f, 6.70962334f, -7.29175711f, -0.303603053f, -0.117101014f, 0.496070564f,
        -0.475786209f, -0.0127111133f, -0.0252523161f, -0.00652810326f, -0.0137241678f, -0.00784658082f,
        -0.00535154482f, -0.00551433582f, -0.00341354054f, -0.00249205879f, -0.00159421412f, -0.00105337845f,
        -0.000671891437f,
    ];

    public static ReadOnlySpan<float> F6 =>
    [
        9.41593316e-05f, 4.24558893e-05f, 1.98575217e-05f, 1.01984024e-05f, 3.84197938e-06f, 1.25639212e-06f,
        4.64337177e-07f, 1.95926788e-07f, 6.18315852e-08f, 1.67111409e-08f, 5.43960432e-09f, 2.08911266e-09f,
        0.0727168173f, 11.2043705f, -8.15816116f, 11.918395f, 0.335075706f, 0.292295516f, -0.721296012f, 0.699177384f,
        -0.00173645432f, 0.021608796f, -0.0091819549f, 0.00671259174f, 0.0029179533f, 0.00138701731f, 0.00253357878f,
        0.000889922027f, 0.000765376084f, 0.000486136967f, 0.000312262273f, 0.000177177615f,
    ];

    public static ReadOnlySpan<float> M0High =>
    [
        0.496571869f, 0.483616471f, 0.473583519f, 0.465609491f, 0.456334502f, 0.447292894f, 0.44067803f, 0.435637712f,
        0.429994196f, 0.424697667f, 0.420938313f, 0.418133587f, 0.653123498f, 0.650588512f, 0.648095727f, 0.645644128f,
        0.642041981f, 0.637375295f, 0.632858038f, 0.628484011f, 0.622178495f, 0.614219189f, 0.606734574f, 0.599687576f,
        0.58986479f, 0.57801038f, 0.567392409f, 0.557841897f, 0.545214534f, 0.530971289f, 0.519072056f, 0.509011388f,
    ];

    public static ReadOnlySpan<float> M0Low =>
    [
        7.51265805e-09f, 2.63910938e-09f, -5.16423038e-09f, 6.72300748e-09f, 6.29083141e-09f, -1.31933966e-08f,
        -7.15276371e-09f, -1.44660994e-08f, -4.19393587e-09f, -3.83367071e-09f, 1.45033219e-09f, 1.43159848e-08f,
        -5.21003729e-09f, 2.84817219e-08f, -9.91592675e-09f, -2.51691148e-08f, 2.03717807e-08f, -1.22348993e-08f,
        8.76381723e-09f, 4.80750684e-09f, 2.37532873e-08f, 2.42872176e-08f, 2.35862903e-08f, -1.0220222e-08f,
        -2.47253364e-08f, 1.14750476e-08f, 2.47241285e-08f, 2.03900967e-08f, -2.23908874e-08f, 7.45701811e-09f,
        -2.59953605e-08f, -1.81939956e-08f,
    ];

    public static ReadOnlySpan<float> M1 =>
    [
        -0.0296381824f, -0.0226327404f, -0.0177800041f, -0.0142991971f, -0.0106891636f, -0.00764354365f,
        -0.00572271366f, -0.0044384175f, -0.00318841776f, -0.00219910522f, -0.00160645065f, -0.00122411002f,
        -0.16360499f, -0.160878897f, -0.158212349f, -0.155603766f, -0.151796326f, -0.146908924f, -0.142227665f,
        -0.137742117f, -0.131359503f, -0.12344747f, -0.116159059f, -0.109435543f, -0.100296296f, -0.0896432772f,
        -0.0804684982f, -0.0725276321f, -0.0625059828f, -0.0518951416f, -0.0436322168f, -0.0371010639f,
    ];

    public static ReadOnlySpan<float> M2 =>
    [
        0.00847065821f, 0.00576171465f, 0.00406950619f, 0.00296699675f, 0.00194046122f, 0.00118575676f, 0.000773483771f,
        0.000530817022f, 0.000324717315f, 0.00018670391f, 0.000116836774f, 7.78312678e-05f, 0.0882045031f,
        0.0862739161f, 0.0843938962f, 0.0825629756f, 0.0799054801f, 0.0765207186f, 0.0733074993f, 0.0702558756f,
        0.0659612939f, 0.0607189313f, 0.0559738427f, 0.0516722836f, 0.045949623f, 0.039475169f, 0.0340851247f,
        0.0295734461f, 0.0241059717f, 0.0186300464f, 0.0146240173f, 0.0116431406f,
    ];

    public static ReadOnlySpan<float> M3 =>
    [
        -0.00229559466f, -0.00140368135f, -0.000897865044f, -0.00059688685f, -0.000343789463f, -0.000180628733f,
        -0.000103091268f, -6.27823538e-05f, -3.28002461e-05f, -1.57612722e-05f, -8.46202329e-06f, -4.93299376e-06f,
        -0.0417560115f, -0.0407953486f, -0.0393766798f, -0.0387216099f, -0.0370364189f, -0.0351981819f, -0.0333489925f,
        -0.0317924768f, -0.0293947626f, -0.0265918523f, -0.0240881499f, -0.0218378883f, -0.0189290289f, -0.015715614f,
        -0.0131210163f, -0.0110153696f, -0.00854922272f, -0.00620156713f, -0.00457868539f, -0.00343565224f,
    ];

    public static ReadOnlySpan<float> M4 =>
    [
        0.000593301898f, 0.000328593567f, 0.000191514118f, 0.000116666997f, 5.95216916e-05f, 2.7039232e-05f,
        1.35534247e-05f, 7.34573223e-06f, 3.28703595e-06f, 1.32310549e-06f, 6.10346831e-07f, 3.11657544e-07f,
        0.0170884933f, 0.0172172952f, 0.016644774f, 0.01640708f, 0.0155430641f, 0.0146758258f, 0.0137761598f,
        0.0130303353f, 0.0118949292f, 0.0105966842f, 0.00945253298f, 0.00844094064f, 0.00714886701f, 0.00575957075f,
        0.00466572214f, 0.00380244735f, 0.00282428949f, 0.00193474779f, 0.00135102402f, 0.000960283796f,
    ];

    public static ReadOnlySpan<float> M5 =>
    [
        -0.000148228064f, -7.50153995e-05f, -4.00668941e-05f, -2.24719679e-05f, -1.02044578e-05f, -4.02211344e-06f,
        -1.76357457e-06f, -8.5985846e-07f, -3.32714365e-07f, -1.11646351e-07f, -4.42474715e-08f, -1.96807228e-08f,
        -0.0180409867f, 1.79265666f, -2.36255074f, 2.0458169f, -0.0634298101f, 0.0739520788f, -0.141111746f,
        0.200377002f, -0.00130021141f, 0.00306979846f, 0.00278773438f, -0.00869755168f, -0.00261489931f,
        -0.00214613229f, -0.00160565553f, -0.000780259783f, -0.000863603316f, -0.000559477601f, -0.000366332097f,
        -0.00025003709f,
    ];

    public static ReadOnlySpan<float> M6 =>
    [
        3.52755342e-05f, 1.62368033e-05f, 7.96737186e-06f, 4.11326118e-06f, 1.69255361e-06f, 5.81033589e-07f,
        2.27205788e-07f, 9.82310127e-08f, 3.28811076e-08f, 9.2821173e-09f, 3.16691984e-09f, 1.23842459e-09f,
        -0.0558245145f, 0.503619015f, 1.32255459f, -1.63530111f, -0.00617017224f, -0.11242789f, 0.0339523219f,
        -0.104875289f, 0.00333955395f, 0.000127847961f, -0.000422175566f, 0.00244222698f, 0.000971512869f,
        0.000512023456f, 0.000472286367f, 0.000190012375f, 0.000253647042f, 0.000157306436f, 9.83674181e-05f,
        6.44981628e-05f,
    ];

    // The tables as types for IFloatVector.Lookup: each holds its entries 0–15 and 16–31 as vectors.

    public readonly struct F0HighTable : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(F0High);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(F0High[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct F0LowTable : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(F0Low);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(F0Low[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct F1Table : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(F1);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(F1[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct F2Table : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(F2);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(F2[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct F3Table : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(F3);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(F3[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct F4Table : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(F4);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(F4[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct F5Table : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(F5);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(F5[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct F6Table : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(F6);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(F6[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct M0HighTable : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(M0High);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(M0High[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct M0LowTable : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(M0Low);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(M0Low[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct M1Table : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(M1);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(M1[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct M2Table : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(M2);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(M2[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct M3Table : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(M3);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(M3[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct M4Table : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(M4);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(M4[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct M5Table : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(M5);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(M5[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }

    public readonly struct M6Table : ITable32
    {
        private static readonly Vector512<float> LowerHalf = Vector512.Create(M6);
        private static readonly Vector512<float> UpperHalf = Vector512.Create(M6[16..]);

        public static Vector512<float> Lower
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => LowerHalf;
        }

        public static Vector512<float> Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => UpperHalf;
        }
    }
}
