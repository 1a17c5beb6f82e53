using Gateway.Crypto;

namespace Gateway.Pkix.Internal;

/// <summary>
/// Judges a built path at one time: each certificate's validity period, and each non-anchor certificate's
/// revocation status from answers that speak for that time (<see cref="RevocationFreshness"/>). Revocation data is
/// read from the material once per certificate and fetched at most once, only when the material has nothing usable.
/// </summary>
internal sealed class ChainTimeJudge(BuiltPath path, RevocationSources sources, CertificateValidatorOptions options, DateTimeOffset now)
{
    private readonly Dictionary<int, CertificateRevocation> _states = [];

    public async Task<Judgement> JudgeAsync(DateTimeOffset at, bool allowFetch, CancellationToken ct)
    {
        var certificates = path.Certificates;
        var problems = new List<TimeProblem>();
        for (var i = 0; i < certificates.Count; i++)
        {
            var certificate = certificates[i];
            if (at < certificate.NotBefore)
            {
                problems.Add(new(TimeProblemKind.NotYetValid, i, $"'{certificate.Name}' is not valid before {Times.Format(certificate.NotBefore)} (judged at {Times.Format(at)})."));
            }
            else if (at > certificate.NotAfter)
            {
                problems.Add(new(TimeProblemKind.Expired, i, $"'{certificate.Name}' expired at {Times.Format(certificate.NotAfter)} (judged at {Times.Format(at)})."));
            }
        }

        // A certificate that did not exist yet cannot be rescued by revocation data: do not go to the network for it.
        allowFetch &= !problems.Any(p => p.Kind == TimeProblemKind.NotYetValid);

        var outcomes = new List<RevocationOutcome>();
        for (var i = 0; i < certificates.Count; i++)
        {
            var outcome = await OutcomeAsync(i, at, allowFetch, ct).ConfigureAwait(false);
            outcomes.Add(outcome);
            var name = certificates[i].Name;
            switch (outcome.Meaning)
            {
                case AnswerMeaning.Revoked:
                    var reason = outcome.Info.RevocationReason is { } r ? $" ({r})" : "";
                    problems.Add(new(TimeProblemKind.Revoked, i, $"'{name}' was revoked at {Times.Format(outcome.Info.RevocationTime!.Value)}{reason}, according to {outcome.Info.Source} (judged at {Times.Format(at)})."));
                    break;
                case AnswerMeaning.Unknown:
                    problems.Add(new(TimeProblemKind.Unknown, i, $"{outcome.Info.Source} does not know '{name}' (status unknown)."));
                    break;
                case AnswerMeaning.Unusable:
                    problems.Add(new(TimeProblemKind.Unavailable, i, $"No usable revocation status for '{name}' at {Times.Format(at)}: {outcome.Info.Detail}"));
                    break;
            }
        }

        return new Judgement(at, problems, outcomes);
    }

    private async Task<RevocationOutcome> OutcomeAsync(int index, DateTimeOffset at, bool allowFetch, CancellationToken ct)
    {
        if (path.IsAnchor(index))
        {
            return new(null, new CertificateRevocationInfo(RevocationCheckStatus.NotRequired, "trust anchor"));
        }

        var certificate = path.Certificates[index];
        if (PathConstraints.IsOcspNoCheckResponder(certificate))
        {
            return new(null, new CertificateRevocationInfo(RevocationCheckStatus.NotRequired, "id-pkix-ocsp-nocheck",
                Detail: "an OCSP responder certificate that its CA says needs no revocation check (RFC 6960 §4.2.2.2.1)"));
        }

        if (!_states.TryGetValue(index, out var state))
        {
            state = sources.Embedded(certificate, path.Certificates[index + 1]);
            _states[index] = state;
        }

        var outcome = Decide(state, at);
        if (outcome.Meaning is AnswerMeaning.Unknown or AnswerMeaning.Unusable && allowFetch && sources.CanFetch && !state.Fetched)
        {
            await sources.FetchAsync(state, ct).ConfigureAwait(false);
            outcome = Decide(state, at);
        }

        return outcome;
    }

    private RevocationOutcome Decide(CertificateRevocation state, DateTimeOffset at)
    {
        var classified = state.Answers.Select(a => (Answer: a, Result: RevocationFreshness.Classify(a, at, now, options))).ToList();

        var revoked = classified.Where(c => c.Result.Meaning == AnswerMeaning.Revoked).Select(c => c.Answer).MinBy(a => a.RevocationTime);
        if (revoked is not null)
        {
            return new(AnswerMeaning.Revoked, Info(RevocationCheckStatus.Revoked, revoked, revoked.Detail));
        }

        var good = classified.FirstOrDefault(c => c.Result.Meaning == AnswerMeaning.NotRevoked).Answer;
        if (good is not null)
        {
            // Revoked only after the judged time: the certificate was still good then, and the element says what the data says.
            var status = good.Status == RevocationStatus.Revoked ? RevocationCheckStatus.Revoked : RevocationCheckStatus.Good;
            var detail = status == RevocationCheckStatus.Revoked ? $"revoked only after {Times.Format(at)}; {good.Detail}" : good.Detail;
            return new(AnswerMeaning.NotRevoked, Info(status, good, detail));
        }

        var unknown = classified.FirstOrDefault(c => c.Result.Meaning == AnswerMeaning.Unknown).Answer;
        if (unknown is not null)
        {
            return new(AnswerMeaning.Unknown, Info(RevocationCheckStatus.Unknown, unknown, unknown.Detail));
        }

        var reasons = new List<string>();
        if (state.Problems.Count == 0 && !state.Answers.Any(a => a.Source is EmbeddedRevocation.OcspSource or EmbeddedRevocation.CrlSource))
        {
            reasons.Add("no revocation data about it was embedded");
        }

        reasons.AddRange(state.Problems);
        reasons.AddRange(classified.Select(c => c.Result.Why).OfType<string>());
        if (state.FetchProblem is { } failed)
        {
            reasons.Add(failed);
        }
        else if (!state.Fetched)
        {
            reasons.Add(sources.CanFetch ? "nothing was fetched because the chain had already failed" : "fetching is off");
        }

        return new(AnswerMeaning.Unusable, new CertificateRevocationInfo(RevocationCheckStatus.Unavailable, "none", Detail: string.Join(" ", reasons.Distinct().Select(EndSentence))));
    }

    private static CertificateRevocationInfo Info(RevocationCheckStatus status, RevocationAnswer answer, string? detail) =>
        new(status, answer.Source, answer.IssuedAt, answer.NextUpdate, answer.RevocationTime, answer.Reason, detail);

    private static string EndSentence(string text) =>
        char.ToUpperInvariant(text[0]) + text[1..] + (text.EndsWith('.') ? "" : ".");
}
