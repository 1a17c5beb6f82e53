namespace Gateway.Validation;

/// <summary>
/// The stable codes of <see cref="Modification.Code"/>. Codes are never renamed; new ones may be added. The level each
/// code usually carries is given in brackets; a code can also be reported with <see cref="ModificationLevel.Other"/>
/// when its change breaks a rule (for example an annotation that is not an annotation dictionary).
/// </summary>
public static class ModificationCodes
{
    // --- Signatures and long-term validation data ---

    /// <summary>A signature (/Type /Sig) in a new signature field, or in an empty one that existed [FormFilling].</summary>
    public const string SignatureAdded = "SIGNATURE_ADDED";

    /// <summary>A document time-stamp (/Type /DocTimeStamp) [LongTermValidation when invisible, else FormFilling].</summary>
    public const string DocumentTimeStampAdded = "DOCUMENT_TIMESTAMP_ADDED";

    /// <summary>An empty signature field created [LongTermValidation when invisible, else FormFilling].</summary>
    public const string SignatureFieldAdded = "SIGNATURE_FIELD_ADDED";

    /// <summary>An existing signature's field or signature dictionary changed or removed [Other].</summary>
    public const string SignatureChanged = "SIGNATURE_CHANGED";

    /// <summary>The Document Security Store (/DSS, /VRI and their certificates, OCSP responses, CRLs) added or updated [LongTermValidation].</summary>
    public const string DssUpdated = "DSS_UPDATED";

    /// <summary>The document information dictionary, the catalog's XMP /Metadata or /MarkInfo updated [LongTermValidation].</summary>
    public const string MetadataUpdated = "METADATA_UPDATED";

    /// <summary>The catalog's /Version or /Extensions (developer extensions, e.g. ESIC for PAdES) updated [LongTermValidation].</summary>
    public const string VersionUpdated = "VERSION_UPDATED";

    /// <summary>New objects nothing refers to (written by some producers; harmless) [LongTermValidation].</summary>
    public const string UnusedObjectsAdded = "UNUSED_OBJECTS_ADDED";

    // --- Forms ---

    /// <summary>A form field's value and/or its widgets' appearance changed, or the form's defaults (/DR, /DA, /Q) [FormFilling].</summary>
    public const string FormFilled = "FORM_FILLED";

    /// <summary>A form field other than a signature field created [Other].</summary>
    public const string FormFieldAdded = "FORM_FIELD_ADDED";

    /// <summary>A form field (or one of its widgets) removed [Other].</summary>
    public const string FormFieldRemoved = "FORM_FIELD_REMOVED";

    /// <summary>A form field changed beyond its value and appearance (name, type, flags of the widget, position, actions…), or the /AcroForm beyond its defaults (/NeedAppearances set, /XFA…) [Other].</summary>
    public const string FormFieldChanged = "FORM_FIELD_CHANGED";

    /// <summary>A change to a field locked by a FieldMDP /Lock (or a signature's FieldMDP reference) in effect [reported with the level of the change, never allowed].</summary>
    public const string LockedFieldChanged = "LOCKED_FIELD_CHANGED";

    // --- Annotations ---

    /// <summary>An annotation added to a page [Annotations].</summary>
    public const string AnnotationAdded = "ANNOTATION_ADDED";

    /// <summary>An annotation (or its appearance, or the named appearances /Names /AP) changed [Annotations].</summary>
    public const string AnnotationChanged = "ANNOTATION_CHANGED";

    /// <summary>An annotation removed from a page [Annotations].</summary>
    public const string AnnotationRemoved = "ANNOTATION_REMOVED";

    // --- Pages and the catalog: never allowed ---

    /// <summary>A page's content stream(s) changed [Other].</summary>
    public const string PageContentChanged = "PAGE_CONTENT_CHANGED";

    /// <summary>A page's resources (fonts, images, form XObjects, graphics states…) changed [Other].</summary>
    public const string PageResourcesChanged = "PAGE_RESOURCES_CHANGED";

    /// <summary>Another entry of a page changed (/MediaBox, /CropBox, /Rotate, /Group…) [Other].</summary>
    public const string PageChanged = "PAGE_CHANGED";

    /// <summary>A page added [Other].</summary>
    public const string PageAdded = "PAGE_ADDED";

    /// <summary>A page removed [Other].</summary>
    public const string PageRemoved = "PAGE_REMOVED";

    /// <summary>The page tree changed otherwise: pages reordered, nodes or inherited attributes changed [Other].</summary>
    public const string PageTreeChanged = "PAGE_TREE_CHANGED";

    /// <summary>A catalog entry changed (/OpenAction, /AA, /Names, /Outlines, /Perms, /StructTreeRoot…) [Other].</summary>
    public const string CatalogChanged = "CATALOG_CHANGED";

    /// <summary>Optional content (/OCProperties: layers shown or hidden) changed [Other].</summary>
    public const string OptionalContentChanged = "OPTIONAL_CONTENT_CHANGED";

    /// <summary>The trailer changed in a way that matters (/Encrypt) [Other].</summary>
    public const string TrailerChanged = "TRAILER_CHANGED";

    // --- Objects ---

    /// <summary>An object changed that no rule explains [Other].</summary>
    public const string ObjectChanged = "OBJECT_CHANGED";

    /// <summary>An object number reused for something of another type or role (dictionary → stream, /Type or /Subtype changed) [Other].</summary>
    public const string ObjectReplaced = "OBJECT_REPLACED";

    /// <summary>An object that existed was freed [Other].</summary>
    public const string ObjectDeleted = "OBJECT_DELETED";

    /// <summary>A new object that no rule explains (referred to by a changed object) [Other].</summary>
    public const string ObjectAdded = "OBJECT_ADDED";

    /// <summary>
    /// A reference that pointed at nothing in the signed content now resolves to an object a later revision defined:
    /// content prepared before signing and switched on afterwards (a shadow attack) [Other].
    /// </summary>
    public const string DanglingReferenceResolved = "DANGLING_REFERENCE_RESOLVED";

    /// <summary>An object of a later revision (or the revision's structure) cannot be read [Other].</summary>
    public const string ObjectUnreadable = "OBJECT_UNREADABLE";

    private static readonly HashSet<string> ValidationOnly =
    [
        SignatureAdded, DocumentTimeStampAdded, SignatureFieldAdded, DssUpdated, MetadataUpdated, VersionUpdated, UnusedObjectsAdded,
    ];

    /// <summary>Every code, for documentation and tests.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SignatureAdded, DocumentTimeStampAdded, SignatureFieldAdded, SignatureChanged, DssUpdated, MetadataUpdated, VersionUpdated,
        UnusedObjectsAdded, FormFilled, FormFieldAdded, FormFieldRemoved, FormFieldChanged, LockedFieldChanged, AnnotationAdded,
        AnnotationChanged, AnnotationRemoved, PageContentChanged, PageResourcesChanged, PageChanged, PageAdded, PageRemoved,
        PageTreeChanged, CatalogChanged, OptionalContentChanged, TrailerChanged, ObjectChanged, ObjectReplaced, ObjectDeleted,
        ObjectAdded, DanglingReferenceResolved, ObjectUnreadable,
    ];

    /// <summary>
    /// True for the codes that do not change what the document says or shows: signatures, document time-stamps,
    /// signature fields, DSS/VRI, metadata, version/extensions and unused objects (when allowed, they are not
    /// "content changes" in the sense of <see cref="ModificationAnalysis.HasContentChanges"/>).
    /// </summary>
    public static bool IsValidationOnly(string code) => ValidationOnly.Contains(code);
}
