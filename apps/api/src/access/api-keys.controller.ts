// HR manages the keys systems use. These routes are not behind a key themselves: they wait for user sign-in
// (issue 5), like the rest of HR's API.
import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiProperty,
} from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { API_KEY_SCOPES } from '@app/persistence';
import { ApiKeysService, ApiKeyView } from '@app/domain/access';
import { HrRead, HrWrite } from './access';
import { actorOf } from '../common/actor';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'payroll system' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  scopes!: string[];
}

@ApiTags('api-keys')
@HrWrite()
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create a key; the key itself is in this answer only (it is stored hashed)' })
  @ApiCreatedResponse({ description: '{id, key, name, scopes, prefix, createdAt, ...}' })
  @ApiBadRequestResponse({ description: 'a bad field or an unknown scope, named' })
  create(@Body() body: CreateApiKeyDto, @Req() req: Request): Promise<ApiKeyView & { key: string }> {
    return this.apiKeys.create(body, actorOf(req));
  }

  @HrRead()
  @Get()
  @ApiOperation({ summary: 'The keys, without the keys: name, scopes, prefix, created, revoked, last used' })
  list(): Promise<ApiKeyView[]> {
    return this.apiKeys.list();
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key (revoking twice is fine)' })
  @ApiNotFoundResponse({ description: 'no such key' })
  revoke(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: Request): Promise<ApiKeyView> {
    return this.apiKeys.revoke(id, actorOf(req));
  }
}
