"""What an office brings in and takes out: published circulars, task breakdowns, departments' 台账."""
