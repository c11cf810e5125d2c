package org.zarrrelay.format.nifti;

import java.nio.file.Path;
import java.util.Locale;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;

/**
 * NIfTI for ITK-SNAP, 3D Slicer, FSL, nibabel (NIfTI-1: https://nifti.nimh.nih.gov/nifti-1/documentation/nifti1fields,
 * NIfTI-2: https://nifti.nimh.nih.gov/nifti-2): exports are single files, gzip-compressed when named
 * {@code .nii.gz} (the relay's {@code <id>.nii.gz}) and not when named {@code .nii} (a CLI {@code --out});
 * {@code .nii} and {@code .nii.gz} are read.
 */
public final class NiftiFormat implements VolumeFormat {

    @Override
    public String name() {
        return "nifti";
    }

    @Override
    public String extension() {
        return "nii.gz";
    }

    @Override
    public boolean matches(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".nii") || lower.endsWith(".nii.gz");
    }

    /** Every type: NIfTI has a code for each but bool, which is written as uint8 0/1. */
    @Override
    public boolean supports(DataType dtype) {
        return true;
    }

    @Override
    public VolumeWriter create(Path path, DataType dtype, long[] shape, FileInfo info) {
        return new NiftiWriter(path, dtype, shape, info);
    }

    @Override
    public VolumeReader open(Path path) {
        return NiftiReader.open(path);
    }
}
