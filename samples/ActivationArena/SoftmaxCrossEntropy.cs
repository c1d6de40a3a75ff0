namespace ActivationArena;

/// <summary>
/// Sample code, not the library: the output layer's softmax with the cross-entropy loss, fused so that the gradient
/// is simply <c>(p − onehot)/rows</c>. Stable: each row's maximum is subtracted before exponentiating, so large
/// logits cannot overflow. (The library's axis family brings a vectorized softmax; this sample keeps its own few
/// lines so it runs on any registry.)
/// </summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>Returns the mean loss over the rows and, when <paramref name="logitGradient"/> is not empty, writes dL/dlogits.</summary>
    public static double LossAndGradient(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes, Span<float> logitGradient)
    {
        int rows = labels.Length;
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = logits.Slice(r * classes, classes);
            float max = float.NegativeInfinity;
            foreach (float z in row)
            {
                max = MathF.Max(max, z);
            }

            double sum = 0;
            foreach (float z in row)
            {
                sum += Math.Exp(z - max);
            }

            // −log softmax(z)[label] = log Σ e^(z−max) − (z[label] − max)
            loss += Math.Log(sum) - (row[labels[r]] - max);
            if (!logitGradient.IsEmpty)
            {
                for (int c = 0; c < classes; c++)
                {
                    double p = Math.Exp(row[c] - max) / sum;
                    logitGradient[r * classes + c] = (float)((p - (c == labels[r] ? 1 : 0)) / rows);
                }
            }
        }

        return loss / rows;
    }

    /// <summary>softmax(<paramref name="row"/>)[<paramref name="label"/>], the predicted probability of one class.</summary>
    public static double Probability(ReadOnlySpan<float> row, int label)
    {
        float max = float.NegativeInfinity;
        foreach (float z in row)
        {
            max = MathF.Max(max, z);
        }

        double sum = 0;
        foreach (float z in row)
        {
            sum += Math.Exp(z - max);
        }

        return Math.Exp(row[label] - max) / sum;
    }

    /// <summary>The fraction of rows whose largest logit is at the label.</summary>
    public static double Accuracy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes)
    {
        int correct = 0;
        for (int r = 0; r < labels.Length; r++)
        {
            ReadOnlySpan<float> row = logits.Slice(r * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                best = row[c] > row[best] ? c : best;
            }

            correct += best == labels[r] ? 1 : 0;
        }

        return (double)correct / labels.Length;
    }
}
