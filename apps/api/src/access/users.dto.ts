// Request bodies of sign-in, password changes and HR's user administration (create, change links).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { MIN_PASSWORD_LENGTH } from '@app/domain/access';
import { Role, ROLES } from '@app/persistence';
import { IsCode } from '../configuration/validators';

export class LoginDto {
  @ApiProperty() @IsString() @MaxLength(64) username!: string;
  @ApiProperty() @IsString() @MaxLength(200) password!: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(200) currentPassword!: string;

  @ApiProperty({
    minLength: MIN_PASSWORD_LENGTH,
    description: 'at least 12 characters, not a common password',
  })
  @IsString()
  @MaxLength(200)
  newPassword!: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'li.wei' })
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, {
    message: 'username: 3 to 64 letters, digits, dots, dashes or underscores',
  })
  username!: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ description: 'the staff code a staff user is' })
  @IsOptional()
  @IsString()
  @IsCode()
  staffId?: string;

  @ApiPropertyOptional({ description: 'department codes a dept_manager manages' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsCode(true)
  departments?: string[];
}

/** What a user is linked to, changed: a staff user's staff record, a manager's departments (as at creation). */
export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'the staff code a staff user is' })
  @IsOptional()
  @IsString()
  @IsCode()
  staffId?: string;

  @ApiPropertyOptional({ description: 'department codes a dept_manager manages (the whole list)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsCode(true)
  departments?: string[];
}
