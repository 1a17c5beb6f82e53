namespace Gateway.Merkle.Tests;

/// <summary>
/// Test data (keys, text and signature lines only) from the reference implementation of signed
/// notes, golang.org/x/mod/sumdb/note: note_test.go (TestNewSigner, TestSign, TestOpen) and the
/// package documentation's example, https://cs.opensource.google/go/x/mod/+/master:sumdb/note/note_test.go
/// (github.com/golang/mod, sumdb/note/note_test.go).
/// </summary>
internal static class NoteVectors
{
    public const string PeterSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    public const string PeterVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    public const uint PeterKeyId = 0xc74f20a3;

    public const string EnochVerifierKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

    public const string Text =
        "If you think cryptography is the answer to your problem,\n" +
        "then you don't know what your problem is.\n";

    public const string PeterSig = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    public const string EnochSig = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    public const string SignedNote = Text + "\n" + PeterSig;
}
