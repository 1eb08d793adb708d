/**
 * Printable documents (PDF fonts, QR codes, passbook covers and statements) that other modules fill with their own data.
 * <p>Owns no tables. Invariant: a document is rendered from the values handed in, never from a database read of its own.
 * <p>Published API: {@link cn.jifen.documents.PdfFonts}, {@link cn.jifen.documents.QrCodes}, {@link cn.jifen.documents.PassbookCover}, {@link cn.jifen.documents.PassbookStatement}.
 */
@ApplicationModule(displayName = "Documents", allowedDependencies = {})
package cn.jifen.documents;

import org.springframework.modulith.ApplicationModule;
