// The vendor part of the newsroom editor: Tiptap (MIT) and the ProseMirror modules it needs, bundled
// by tools/editor.sh into admin/static/vendor-editor.js, which sets window.GazetteVendorEditor.
// admin/static/editor.js builds the editor over the article textarea from these pieces.
import { Editor, Extension, Mark, Node, mergeAttributes } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Image from '@tiptap/extension-image';
import { Table, TableRow, TableHeader, TableCell } from '@tiptap/extension-table';

window.GazetteVendorEditor = {
  Editor, Extension, Mark, Node, mergeAttributes, StarterKit, Image, Table, TableRow, TableHeader, TableCell,
};
